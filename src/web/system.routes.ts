import type { FastifyInstance } from 'fastify';
import { assetIn, assets, assetsByUrl } from './assets.js';
import { pickEncoding } from './compression.js';

/** What the system routes need of the site, without knowing it. */
export interface SystemDeps {
  database: { ping(): Promise<unknown>; dialect: string };
  /** SITE_URL as configured in the settings, if any. */
  siteUrl: () => Promise<string | undefined>;
}

export async function systemRoutes(app: FastifyInstance, deps: SystemDeps) {
  app.get('/healthz', async (_request, reply) => {
    try {
      await deps.database.ping();
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: deps.database.dialect });
    } catch (err) {
      app.log.error({ err }, 'health check: database unreachable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable' });
    }
  });

  app.get('/assets/:file', async (request, reply) => {
    const asset = assetsByUrl.get(request.url);
    if (!asset) return reply.callNotFound();
    reply.type(asset.contentType).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding');
    const encoding = pickEncoding(request.headers['accept-encoding']);
    if (!encoding) return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(await assetIn(asset, encoding));
  });

  // Some clients ask for /favicon.ico whatever the page links to.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.type(assets.favicon.contentType).header('cache-control', 'public, max-age=86400').send(assets.favicon.body),
  );

  app.get('/robots.txt', async (request, reply) => {
    const origin = (await deps.siteUrl()) ?? `${request.protocol}://${request.host}`;
    return reply
      .type('text/plain; charset=utf-8')
      .send(`User-agent: *\nDisallow: /quan-tri\n\nSitemap: ${origin}/sitemap.xml\n`);
  });
}
