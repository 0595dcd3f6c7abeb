import { buildApp, type BuildOptions } from './app.js';
import { renderStaleCommentHtml } from './comments/comments.repo.js';
import type { Config } from './config.js';
import { createDb } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoContent } from './demo/seed-demo.js';

/** Opens the database, migrates, seeds demo content on an empty site, and listens. */
export async function startServer(config: Config, options: Pick<BuildOptions, 'scheduler'> = {}) {
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db);
  // Comments stored by an older version of the comment renderer get the current one's HTML.
  await renderStaleCommentHtml(db.db);
  const { app, site } = await buildApp({ config, db, ...options });
  db.onConnectionError((err) => app.log.warn({ err }, 'lost an idle database connection; the next query opens a new one'));
  if (config.demoContent) {
    const seeded = await seedDemoContent(site);
    if (seeded) app.log.info({ articles: seeded }, 'seeded demo content into an empty database');
  }
  app.addHook('onClose', async () => db.destroy());
  await app.listen({ host: config.host, port: config.port });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Finish in-flight requests, then close the database; a second signal is not needed.
    app.close().then(
      () => process.exit(0),
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
