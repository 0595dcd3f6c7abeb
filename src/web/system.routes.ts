import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../db/index.js';
import { pendingMigrations } from '../db/migrate.js';
import { assetIn, assets, assetsByUrl } from './assets.js';
import { pickEncoding } from './compression.js';
import type { SiteOrigin } from './site-origin.js';

/** What the system routes need of the site, without knowing it. */
export interface SystemDeps {
  database: DbHandle;
  /** The site's own origin (site-origin.ts), never the request's Host. */
  origin: SiteOrigin;
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

  // Ready = the schema is this code's. Not a database ping: while the database is away, cached pages still
  // serve readers, so a load balancer should keep sending them (/healthz tells the database apart).
  let migrated = false;
  app.get('/readyz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      migrated ||= (await pendingMigrations(deps.database)).length === 0;
    } catch (err) {
      app.log.warn({ err }, 'readiness: cannot read the migration state');
    }
    return migrated ? reply.send({ status: 'ready' }) : reply.code(503).send({ status: 'migrating' });
  });

  app.get('/assets/:file', async (request, reply) => {
    const asset = assetsByUrl.get(request.url);
    if (!asset) return reply.callNotFound();
    reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'accept-encoding');
    const encoding = pickEncoding(request.headers['accept-encoding']);
    if (!encoding) return reply.send(asset.body);
    return reply.header('content-encoding', encoding).send(await assetIn(asset, encoding));
  });

  // Some clients ask for /favicon.ico whatever the page links to.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.type(assets.favicon.contentType).header('cache-control', 'public, max-age=86400').send(assets.favicon.body),
  );

  app.get('/robots.txt', async (_request, reply) => {
    const origin = deps.origin.value;
    return reply
      .type('text/plain; charset=utf-8')
      .send(`User-agent: *\nDisallow: /quan-tri\n\nSitemap: ${origin}/sitemap.xml\n`);
  });
}
