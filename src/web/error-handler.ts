import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isDiskFull } from '../db/availability.js';
import { AppError } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { fillCsrf } from './csrf.js';
import { errorPage } from './errors.views.js';
import { layout } from './layout.js';
import type { PageMeta } from './layout.js';
import type { SafeHtml } from './html.js';

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** Renders with the full layout when the database answers, with a bare one when it does not. */
async function renderError(site: Site, request: FastifyRequest, reply: FastifyReply, meta: PageMeta, body: SafeHtml): Promise<string> {
  try {
    const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
    return fillCsrf(request, reply, layout({ settings, menu: tree.menu, viewer: request.actor }, meta, body));
  } catch {
    const { name, description, url } = site.config.site;
    return layout({ settings: { name, description, url, staffTwoFactorRequired: site.config.staffTwoFactorRequired }, menu: [] }, meta, body);
  }
}

async function send(site: Site, request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { status, message } });
  const pageHtml = await renderError(site, request, reply, { title, noindex: true }, errorPage(title, message));
  return reply.type('text/html; charset=utf-8').send(pageHtml);
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
function sendOutage(site: Site, request: FastifyRequest, reply: FastifyReply, error: unknown, diskFull: boolean) {
  request.log.warn({ err: error }, diskFull ? 'write failed: no space left' : 'database unavailable');
  const message = diskFull ? m.outage.diskFull : m.outage.maintenance;
  reply.code(503).header('retry-after', String(OUTAGE_RETRY_SECONDS)).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { status: 503, message } });
  const { name, description, url } = site.config.site;
  const settings = { name, description, url, staffTwoFactorRequired: site.config.staffTwoFactorRequired };
  const body = layout({ settings, menu: [] }, { title: m.outage.title, noindex: true }, errorPage(m.outage.title, message));
  return reply.type('text/html; charset=utf-8').send(body);
}

export function registerErrorHandlers(app: FastifyInstance, site: Site): void {
  app.setNotFoundHandler((request, reply) => send(site, request, reply, 404, m.errors.notFoundTitle, m.errors.notFound));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    const diskFull = isDiskFull(error);
    if (diskFull || isDatabaseUnavailable(error)) return sendOutage(site, request, reply, error, diskFull);
    if (error instanceof AppError) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return send(site, request, reply, error.status, titleFor(error.status), error.publicMessage);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'rejected bad request');
      return send(site, request, reply, status, m.errors.badRequestTitle, m.errors.badRequest);
    }
    // The incident id is the request id, so a reader's report leads straight to the log line.
    request.log.error({ err: error, incident: request.id }, 'unhandled error');
    return send(site, request, reply, 500, m.errors.serverTitle, m.errors.server(String(request.id)));
  });
}
