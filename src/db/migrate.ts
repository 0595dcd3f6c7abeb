import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DbHandle, MigrationHelpers } from './dialects/types.js';
import * as m001 from './migrations/001-public-site.js';
import * as m002 from './migrations/002-accounts.js';
import * as m003 from './migrations/003-comments.js';
import * as m004 from './migrations/004-search.js';
import * as m006 from './migrations/006-totp-replay.js';
import * as m005 from './migrations/005-newsroom.js';
import * as m008 from './migrations/008-search-speedups.js';

type MigrationModule = { up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> };

/** Listed, not read from disk, so the order is explicit and bundling cannot lose one. */
const migrations: Record<string, MigrationModule> = {
  '001-public-site': m001,
  '002-accounts': m002,
  '003-comments': m003,
  '004-search': m004,
  '005-newsroom': m005,
  '006-totp-replay': m006,
  '008-search-speedups': m008,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly helpers: MigrationHelpers) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, mod] of Object.entries(migrations)) {
      out[name] = { up: (db) => mod.up(db, this.helpers) };
    }
    return out;
  }
}

export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  const migrator = new Migrator({
    db: handle.db,
    provider: new StaticProvider(handle.helpers),
    migrationTableSchema: await handle.migrationSchema(),
    // Features land from parallel branches; a database that ran 002 and 004 must still accept 003.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
