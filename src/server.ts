import { readFileSync } from 'node:fs';
import type { FastifyServerOptions } from 'fastify';
import { buildApp, type BuildOptions } from './app.js';
import { renderStaleCommentHtml } from './comments/comments.repo.js';
import type { Config } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoContent } from './demo/seed-demo.js';
import { ensureDocumentTypes } from './documents/documents.service.js';

/** Opens the database, migrates, seeds demo content on an empty site, and listens. */
export async function startServer(config: Config, options: Pick<BuildOptions, 'scheduler'> = {}) {
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  // Comments stored by an older version of the comment renderer get the current one's HTML.
  await renderStaleCommentHtml(db.kysely);
  // The văn bản library's starting list of types, on a site that has none (never by the migration: see documents.repo.ts).
  await ensureDocumentTypes({ db });
  const { app, site, stats } = await buildApp({ config, db, logger: await loggerFor(config), ...options });
  db.onConnectionError((err) => app.log.warn({ err }, 'lost a database connection; the next query opens a new one'));
  const demo = config.demoContent ? await seedDemoContent(site) : undefined;
  if (demo?.articles) app.log.info({ articles: demo.articles }, 'seeded demo content into an empty database');
  // Runs after the server has closed and its requests are done (Fastify closes the server first), and before
  // buildApp's own onClose hooks (Fastify runs the last added first): so the last visitor counts are written here.
  app.addHook('onClose', async () => {
    await stats.stop();
    await db.destroy();
  });
  const address = await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { version: version(), database: db.dialect, databaseUrl: withoutPassword(config.databaseUrl), address },
    'Tòa Soạn started',
  );
  // The demo's pictures are drawn once the site answers: seconds of image work a first start need not wait for.
  if (demo?.articles)
    demo.pictures().then(
      (pictures) => app.log.info({ pictures }, 'drew the demo articles’ pictures'),
      (err: unknown) => app.log.warn({ err }, 'could not draw the demo articles’ pictures'),
    );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(
      { signal, timeoutMs: config.shutdownTimeoutMs },
      'shutting down: no new connections, finishing requests in flight',
    );
    // Bounded: a client that never finishes its request must not hold up a deploy.
    const timer = setTimeout(() => {
      app.log.error(
        { timeoutMs: config.shutdownTimeoutMs },
        'requests still in flight at the shutdown timeout; closing their connections',
      );
      app.server.closeAllConnections();
      void db.destroy().finally(() => process.exit(1));
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return app;
}

/** JSON lines, except human-readable lines on a developer's terminal (pino-pretty, loaded only then). */
async function loggerFor(config: Config): Promise<FastifyServerOptions['logger']> {
  if (config.env !== 'development' || !process.stdout.isTTY) return { level: config.logLevel };
  const { default: pretty } = await import('pino-pretty');
  return {
    level: config.logLevel,
    stream: pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }),
  };
}

/** `postgres://toasoan:secret@db/x` → `postgres://toasoan:***@db/x`: safe for logs and the console. */
export function withoutPassword(databaseUrl: string): string {
  if (!/^postgres(ql)?:/.test(databaseUrl)) return databaseUrl;
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    for (const key of [...url.searchParams.keys()]) if (/pass/i.test(key)) url.searchParams.set(key, '***');
    return url.toString();
  } catch {
    return databaseUrl.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** package.json's version, from the sources or a build folder one level deeper. */
function version(): string {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'toasoan' && pkg.version) return pkg.version;
    } catch {
      // Not there: try the next.
    }
  }
  return 'unknown';
}
