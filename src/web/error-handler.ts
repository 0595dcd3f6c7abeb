import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import { fillCsrf } from './csrf.js';
import { errorPage } from './errors.views.js';
import { layout } from './layout.js';
import type { PageMeta } from './layout.js';
import type { SafeHtml } from './html.js';
import type { PageSite } from './pages.js';

/** The site as error pages need it: its shell, and the configured name for when the database does not answer. */
export type ErrorPageSite = PageSite & { config: { site: { name: string; description: string; url?: string } } };

export function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** Renders with the full layout when the database answers, with a bare one when it does not. */
async function renderError(site: ErrorPageSite, request: FastifyRequest, reply: FastifyReply, meta: PageMeta, body: SafeHtml): Promise<string> {
  try {
    const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
    return fillCsrf(request, reply, layout({ settings, menu: tree.menu, viewer: request.actor }, meta, body));
  } catch {
    const { name, description, url } = site.config.site;
    return layout({ settings: { name, description, url }, menu: [] }, meta, body);
  }
}

async function send(site: ErrorPageSite, request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
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

export function registerErrorHandlers(app: FastifyInstance, site: ErrorPageSite): void {
  app.setNotFoundHandler((request, reply) => send(site, request, reply, 404, m.errors.notFoundTitle, m.errors.notFound));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
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
