import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
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
}

export interface DbHandle {
  db: Kysely<Database>;
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
  /** Cheap round trip for /healthz. */
  ping(): Promise<void>;
  destroy(): Promise<void>;
}
