import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isDiskFull } from '../db/availability.js';
import { AppError } from '../errors.js';
import { en } from '../messages/en.js';
import { messages as m } from '../messages/vi.js';
import { fillCsrf } from './csrf.js';
import { errorPage } from './errors.views.js';
import { layout } from './layout.js';
import type { Lang, PageMeta } from './layout.js';
import type { SafeHtml } from './html.js';
import { securityHeaders } from './security-headers.js';
import type { PageSite } from './pages.js';

/** The site as error pages need it: its shell, and the configured name for when the database does not answer. */
export type ErrorPageSite = PageSite & { config: { site: { name: string; description: string; url?: string } } };

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** Renders with the full layout when the database answers, with a bare one when it does not. */
async function renderError(
  site: ErrorPageSite,
  request: FastifyRequest,
  reply: FastifyReply,
  meta: PageMeta,
  body: SafeHtml,
): Promise<string> {
  try {
    const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
    return fillCsrf(request, reply, layout({ settings, menu: tree.menu, viewer: request.actor }, meta, body));
  } catch {
    const { name, description, url } = site.config.site;
    return layout({ settings: { name, description, url }, menu: [] }, meta, body);
  }
}

async function send(
  site: ErrorPageSite,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { status, message } });
  const lang = languageOf(request);
  if (lang === 'en') ({ title, message } = inEnglish(status, request));
  const pageHtml = await renderError(
    site,
    request,
    reply,
    { title, noindex: true, lang },
    errorPage(title, message, lang),
  );
  return reply.type('text/html; charset=utf-8').send(pageHtml);
}

/** A reader on the English pages (/en/…) gets errors in English; everywhere else they are Vietnamese. */
function languageOf(request: FastifyRequest): Lang {
  const path = request.url.split('?')[0] ?? '';
  return path === '/en' || path.startsWith('/en/') ? 'en' : 'vi';
}

/** The English page says what kind of error it is; the Vietnamese details stay in the log. */
function inEnglish(status: number, request: FastifyRequest): { title: string; message: string } {
  const e = en.errors;
  if (status === 404) return { title: e.notFoundTitle, message: e.notFound };
  if (status === 405) return { title: e.badRequestTitle, message: e.methodNotAllowed };
  if (status === 401 || status === 403) return { title: e.forbiddenTitle, message: e.forbidden };
  if (status === 429) return { title: e.tooManyTitle, message: e.tooMany };
  if (status >= 500) return { title: e.serverTitle, message: e.server(String(request.id)) };
  return { title: e.badRequestTitle, message: e.badRequest };
}

function titleFor(status: number): string {
  if (status === 404) return m.errors.notFoundTitle;
  if (status === 503) return m.errors.unavailableTitle;
  if (status === 401 || status === 403) return m.auth.forbiddenTitle;
  if (status === 429) return m.auth.tooManyTitle;
  return m.errors.badRequestTitle;
}

/** Seconds a client is asked to wait after a 503 for a database or disk outage. */
const OUTAGE_RETRY_SECONDS = 30;

/** 503 while the database is unreachable or the disk is full; the page is drawn without the database it cannot reach. */
function sendOutage(
  site: ErrorPageSite,
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  diskFull: boolean,
) {
  request.log.warn({ err: error }, diskFull ? 'write failed: no space left' : 'database unavailable');
  const message = diskFull ? m.outage.diskFull : m.outage.maintenance;
  reply.code(503).header('retry-after', String(OUTAGE_RETRY_SECONDS)).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { status: 503, message } });
  const { name, description, url } = site.config.site;
  const body = layout(
    { settings: { name, description, url }, menu: [] },
    { title: m.outage.title, noindex: true },
    errorPage(m.outage.title, message),
  );
  return reply.type('text/html; charset=utf-8').send(body);
}

/** Title and message for what Fastify refuses before a route runs (address, body); null for anything else. */
function requestErrorText(error: FastifyError): { title: string; message: string } | null {
  const r = m.requestErrors;
  if (error.code === 'FST_ERR_BAD_URL') return { title: r.badUrlTitle, message: r.badUrl };
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return { title: r.urlTooLongTitle, message: r.urlTooLong };
  if (error.statusCode === 413) return { title: r.tooLargeTitle, message: r.tooLarge };
  if (error.statusCode === 415) return { title: r.unsupportedTypeTitle, message: r.unsupportedType };
  if (error.code?.startsWith('FST_ERR_CTP_') || error instanceof SyntaxError)
    return { title: m.errors.badRequestTitle, message: r.malformedBody };
  return null;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The methods the path has routes for, when its own method has none: Fastify sends that to the not-found
 * handler, where 405 belongs. A route that found nothing (callNotFound) has its method, so stays 404.
 */
function allowedMethods(request: FastifyRequest): string[] {
  const path = request.url.split('?')[0] ?? '';
  const has = (method: string) => request.server.findRoute({ method, url: path }) !== null;
  return has(request.method) ? [] : METHODS.filter(has);
}

/**
 * Fastify's `frameworkErrors`: a path it cannot decode (`/%FF`) or a parameter over the length limit
 * gets the site's page (JSON under /api/) instead of Fastify's own JSON. No hook has run yet, so the headers are set here.
 */
export function frameworkErrorHandler(site: ErrorPageSite) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.headers(securityHeaders);
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    request.log.info({ err: error }, 'rejected bad request');
    const text = requestErrorText(error) ?? { title: m.errors.badRequestTitle, message: m.errors.badRequest };
    send(site, request, reply, status, text.title, text.message).catch((err: unknown) =>
      request.log.error({ err }, 'error page failed'),
    );
  };
}

/** Where an address that found nothing has moved to (src/redirects), or null. */
export type OldAddressLookup = (url: string) => Promise<string | null>;

/** A 404 first asks whether the address is an old one that moved: those answer 301 instead. */
async function sendNotFound(
  site: ErrorPageSite,
  request: FastifyRequest,
  reply: FastifyReply,
  moved: OldAddressLookup | undefined,
  message: string = m.errors.notFound,
) {
  if (moved && (request.method === 'GET' || request.method === 'HEAD')) {
    const target = await moved(request.url);
    if (target) return reply.header('cache-control', 'public, max-age=3600').redirect(target, 301);
  }
  return send(site, request, reply, 404, m.errors.notFoundTitle, message);
}

export function registerErrorHandlers(app: FastifyInstance, site: ErrorPageSite, moved?: OldAddressLookup): void {
  app.setNotFoundHandler((request, reply) => {
    const allowed = allowedMethods(request);
    if (!allowed.length) return sendNotFound(site, request, reply, moved);
    reply.header('allow', allowed.join(', '));
    return send(site, request, reply, 405, m.requestErrors.methodNotAllowedTitle, m.requestErrors.methodNotAllowed);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const diskFull = isDiskFull(error);
    if (diskFull || isDatabaseUnavailable(error)) return sendOutage(site, request, reply, error, diskFull);
    if (error instanceof AppError) {
      if (error.status === 404) return sendNotFound(site, request, reply, moved, error.publicMessage);
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return send(site, request, reply, error.status, titleFor(error.status), error.publicMessage);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'rejected bad request');
      const text = requestErrorText(error) ?? { title: m.errors.badRequestTitle, message: m.errors.badRequest };
      return send(site, request, reply, status, text.title, text.message);
    }
    // The incident id is the request id, so a reader's report leads straight to the log line.
    request.log.error({ err: error, incident: request.id }, 'unhandled error');
    return send(site, request, reply, 500, m.errors.serverTitle, m.errors.server(String(request.id)));
  });
}
