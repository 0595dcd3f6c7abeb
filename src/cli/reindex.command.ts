import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { reindexAll } from '../search/reindex.js';
import { Progress } from './progress.js';

/** Rebuilds the search index from the published articles. */
export async function reindexCommand(config: Config, argv: string[]): Promise<number> {
  if (argv.length) {
    console.error('toasoan reindex: takes no arguments');
    return 2;
  }
  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const bar: { current?: Progress } = {};
    const started = Date.now();
    const count = await reindexAll(db, {
      start: (total) => (bar.current = new Progress('indexing', total)),
      tick: (n) => bar.current?.tick(n),
    });
    bar.current?.finish();
    console.log(`indexed ${count} published articles in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return 0;
  } finally {
    await db.destroy();
  }
}
