import type { ColumnDefinitionBuilder, Kysely, LogEvent } from 'kysely';
import type { SearchIndex } from '../../search/search-index.js';
import type { Database } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** What a migration may ask of the dialect, so migrations never branch on it. */
export interface MigrationHelpers {
  /** Column type for an auto-incrementing integer primary key. */
  idType: 'integer' | 'serial';
  idColumn: (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  timestampType: 'timestamptz';
  /** The full-text index tables of this dialect (search/*-index.ts). */
  createSearchSchema: (db: Kysely<unknown>) => Promise<void>;
  createSearchSpeedups: (db: Kysely<unknown>) => Promise<void>;
  createSearchTitles: (db: Kysely<unknown>) => Promise<void>;
  createSearchLeads: (db: Kysely<unknown>) => Promise<void>;
  addSearchBlocks: (db: Kysely<unknown>) => Promise<void>;
  replaceSearchLookups: (db: Kysely<unknown>) => Promise<void>;
  mergeSearchIndexes: (db: Kysely<unknown>) => Promise<void>;
  createSearchWindowIndex: (db: Kysely<unknown>) => Promise<void>;
  createSearchFilteredLookups: (db: Kysely<unknown>) => Promise<void>;
  addSearchPhrasePairs: (db: Kysely<unknown>) => Promise<void>;
  addSearchPhraseVectors: (db: Kysely<unknown>) => Promise<void>;
  /**
   * Lets columns be null and adds a CHECK over the table. PostgreSQL alters the table in place;
   * SQLite can do neither but by rebuilding it (sqlite-rebuild.ts).
   */
  relaxColumns: (db: Kysely<unknown>, table: string, change: ColumnRelaxation) => Promise<void>;
}

export interface ColumnRelaxation {
  dropNotNull: readonly string[];
  check: { name: string; expression: string };
}

export interface DbHandle {
  kysely: Kysely<Database>;
  dialect: DialectName;
  helpers: MigrationHelpers;
  /**
   * The schema Kysely keeps its migration tables in. Kysely otherwise finds
   * them in any schema, which breaks side-by-side schemas on one server.
   */
  migrationSchema(): Promise<string | undefined>;
  search: SearchIndex;
  /** Called when a connection is lost (PostgreSQL); the pool drops it and the next query opens a new one. */
  onConnectionError(listener: (err: Error) => void): void;
  /** For /metrics: queries run and the time spent in them, and for PostgreSQL the pool's connections. */
  stats(): DbStats;
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>;
  destroy(): Promise<void>;
}

export interface DbStats {
  queries: number;
  seconds: number;
  pool?: { total: number; idle: number; waiting: number };
}

/** Kysely's query log, kept as two sums: a clock read per query, nothing stored. */
export function queryClock(): { stats: DbStats; log: (event: LogEvent) => void } {
  const stats: DbStats = { queries: 0, seconds: 0 };
  return {
    stats,
    log: (event) => {
      stats.queries++;
      stats.seconds += event.queryDurationMillis / 1000;
    },
  };
}
