import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { errorPage } from './errors.views.js';
import { layout } from './layout.js';
import type { PageMeta } from './layout.js';
import type { SafeHtml } from './html.js';

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || (request.headers.accept ?? '').startsWith('application/json');
}

/** Renders with the full layout when the database answers, with a bare one when it does not. */
async function renderError(site: Site, meta: PageMeta, body: SafeHtml): Promise<string> {
  try {
    const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
    return layout({ settings, menu: tree.menu }, meta, body);
  } catch {
    const { name, description, url } = site.config.site;
    return layout({ settings: { name, description, url }, menu: [] }, meta, body);
  }
}

async function send(site: Site, request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { status, message } });
  const pageHtml = await renderError(site, { title, noindex: true }, errorPage(title, message));
  return reply.type('text/html; charset=utf-8').send(pageHtml);
}

export function registerErrorHandlers(app: FastifyInstance, site: Site): void {
  app.setNotFoundHandler((request, reply) => send(site, request, reply, 404, m.errors.notFoundTitle, m.errors.notFound));

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      const title = error.status === 404 ? m.errors.notFoundTitle : error.status === 503 ? m.errors.unavailableTitle : m.errors.badRequestTitle;
      return send(site, request, reply, error.status, title, error.publicMessage);
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
