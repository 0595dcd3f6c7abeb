import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';

export async function migrateCommand(config: Config): Promise<number> {
  const db = createDb(config.databaseUrl);
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    return 0;
  } finally {
    await db.destroy();
  }
}
