import type { FastifyInstance } from 'fastify';

const EXPOSED = 'ETag, Last-Modified, Retry-After';
const ALLOWED_REQUEST_HEADERS = 'If-None-Match, If-Modified-Since';

/**
 * Cross-origin reads of /api/ for the origins in CORS_ORIGINS, compared exactly; with none configured
 * nothing is added, and a preflight finds no route (405). The API reads no cookie, so credentials stay off.
 */
export function registerCors(app: FastifyInstance, origins: readonly string[]): void {
  if (!origins.length) return;
  const allowed = new Set(origins);
  const isApi = (url: string) => url.startsWith('/api/');
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApi(request.url)) return done();
    // Answers differ by Origin, so shared caches must key on it.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin && allowed.has(origin.toLowerCase())) {
      reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', EXPOSED);
    }
    done();
  });
  app.options('/api/*', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin && allowed.has(origin.toLowerCase())) {
      reply
        .header('access-control-allow-methods', 'GET, HEAD')
        .header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS)
        .header('access-control-max-age', '600');
    }
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
