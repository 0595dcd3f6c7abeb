import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DbHandle, MigrationHelpers } from './dialects/types.js';
import * as m001 from './migrations/001-public-site.js';
import * as m002 from './migrations/002-accounts.js';
import * as m003 from './migrations/003-comments.js';
import * as m004 from './migrations/004-search.js';
import * as m005 from './migrations/005-newsroom.js';
import * as m006 from './migrations/006-totp-replay.js';
import * as m007 from './migrations/007-comment-parent-index.js';
import * as m008 from './migrations/008-revision-fields.js';
import * as m009 from './migrations/009-staff-article-list.js';
import * as m010 from './migrations/010-guest-comment-owner.js';
import * as m011 from './migrations/011-search-speedups.js';
import * as m012 from './migrations/012-search-titles.js';
import * as m013 from './migrations/013-top-level-comment-count.js';
import * as m014 from './migrations/014-comment-html.js';
import * as m015 from './migrations/015-two-factor-pending.js';
import * as m016 from './migrations/016-documents.js';
import * as m021 from './migrations/021-organisation.js';
import * as m023 from './migrations/023-visitor-stats.js';
import * as m024 from './migrations/024-site-links.js';
import * as m030 from './migrations/030-wordpress-import.js';
import * as m034 from './migrations/034-webhooks.js';
import * as m038 from './migrations/038-search-vocabulary.js';
import * as m039 from './migrations/039-document-comments.js';
import * as m040 from './migrations/040-consultations.js';
import * as m041 from './migrations/041-featured-articles.js';
import * as m043 from './migrations/043-trash.js';
import * as m046 from './migrations/046-revision-numbers.js';
import * as m047 from './migrations/047-audit-by-entity.js';
import * as m050 from './migrations/050-search-leads.js';
import * as m051 from './migrations/051-users-list-order.js';
import * as m052 from './migrations/052-revision-featured.js';
import * as m053 from './migrations/053-comment-bans.js';
import * as m054 from './migrations/054-names-not-logins.js';
import * as m058 from './migrations/058-document-empty-days.js';
import * as m059 from './migrations/059-search-blocks.js';
import * as m060 from './migrations/060-search-ranges-by-density.js';
import * as m061 from './migrations/061-search-one-vector-index.js';
import * as m062 from './migrations/062-search-window-index.js';
import * as m063 from './migrations/063-search-filtered-window.js';
import * as m064 from './migrations/064-search-phrase-pairs.js';
import * as m065 from './migrations/065-search-phrase-vectors.js';

type MigrationModule = {
  up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void>;
  /** The tables it creates: a restore to an older schema drops them, having no down migration to run. */
  creates?: readonly string[];
};

/** Listed, not read from disk, so the order is explicit and bundling cannot lose one. */
const migrations: Record<string, MigrationModule> = {
  '001-public-site': m001,
  '002-accounts': m002,
  '003-comments': m003,
  '004-search': m004,
  '005-newsroom': m005,
  '006-totp-replay': m006,
  '007-comment-parent-index': m007,
  '008-revision-fields': m008,
  '009-staff-article-list': m009,
  '010-guest-comment-owner': m010,
  '011-search-speedups': m011,
  '012-search-titles': m012,
  '013-top-level-comment-count': m013,
  '014-comment-html': m014,
  '015-two-factor-pending': m015,
  '016-documents': m016,
  '021-organisation': m021,
  '023-visitor-stats': m023,
  '024-site-links': m024,
  '030-wordpress-import': m030,
  '034-webhooks': m034,
  '038-search-vocabulary': m038,
  '039-document-comments': m039,
  '040-consultations': m040,
  '041-featured-articles': m041,
  '043-trash': m043,
  '046-revision-numbers': m046,
  '047-audit-by-entity': m047,
  '050-search-leads': m050,
  '051-users-list-order': m051,
  '052-revision-featured': m052,
  '053-comment-bans': m053,
  '054-names-not-logins': m054,
  '058-document-empty-days': m058,
  '059-search-blocks': m059,
  '060-search-ranges-by-density': m060,
  '061-search-one-vector-index': m061,
  '062-search-window-index': m062,
  '063-search-filtered-window': m063,
  '064-search-phrase-pairs': m064,
  '065-search-phrase-vectors': m065,
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

async function migrator(handle: DbHandle): Promise<Migrator> {
  return new Migrator({
    db: handle.kysely,
    provider: new StaticProvider(handle.helpers),
    migrationTableSchema: await handle.migrationSchema(),
    // Features land from parallel branches; a database that ran 002 and 004 must still accept 003.
    allowUnorderedMigrations: true,
  });
}

function applied(outcome: MigrationResultSet): string[] {
  if (outcome.error) throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
  return (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  return applied(await (await migrator(handle)).migrateToLatest());
}

/** Every migration this code knows, in order: a backup from a database that ran another is from newer code. */
export function knownMigrations(): string[] {
  return Object.keys(migrations);
}

/** Tables created by these migrations (those that declare `creates`). */
export function tablesCreatedBy(names: readonly string[]): string[] {
  return names.flatMap((name) => migrations[name]?.creates ?? []);
}

/** Up to and including one migration: lets tests check what a later one does to existing rows. */
export async function migrateTo(handle: DbHandle, name: string): Promise<string[]> {
  return applied(await (await migrator(handle)).migrateTo(name));
}

/** Names of the migrations this code has that the database has not run yet: /readyz waits for none. */
export async function pendingMigrations(handle: DbHandle): Promise<string[]> {
  const all = await (await migrator(handle)).getMigrations();
  return all.filter((info) => info.executedAt === undefined).map((info) => info.name);
}
