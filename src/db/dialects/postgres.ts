import pg from 'pg';
import { Kysely, sql } from 'kysely';
import { postgresSearchIndex } from '../../search/postgres-index.js';
import type { Database } from '../schema.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';
import { queryClock, type DbHandle } from './types.js';

// Timestamps leave the driver as UTC ISO strings, the same shape SQLite gives,
// and bigint counts as numbers (they never exceed 2^53 here).
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;
pg.types.setTypeParser(TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
pg.types.setTypeParser(INT8, (v) => Number(v));

export function createPostgresDb(connectionString: string): DbHandle {
  // A lost server fails a request within seconds instead of leaving it waiting for a connection that cannot come.
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000, keepAlive: true });
  const connectionErrorListeners: ((err: Error) => void)[] = [];
  // A connection that dies (restart, failover, pg_terminate_backend), idle in the pool or held between the
  // queries of a transaction, emits 'error'; unheard, Node would end the process. The pool drops it and opens a new one.
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      for (const listener of connectionErrorListeners) listener(err);
    });
  });
  // The pool repeats an idle client's error, already reported by the client's own listener.
  pool.on('error', () => undefined);
  const clock = queryClock();
  const db = new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }), log: clock.log });
  return {
    kysely: db,
    dialect: 'postgres',
    helpers: {
      idType: 'serial',
      idColumn: (col) => col.primaryKey(),
      timestampType: 'timestamptz',
      createSearchSchema: (db) => postgresSearchIndex.createSchema(db),
      createSearchSpeedups: (db) => postgresSearchIndex.createSpeedups(db),
      createSearchTitles: (db) => postgresSearchIndex.createTitleIndex(db),
      createSearchLeads: (db) => postgresSearchIndex.createLeadIndex(db),
    },
    async migrationSchema() {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
      return rows[0]?.schema;
    },
    search: postgresSearchIndex,
    onConnectionError(listener) {
      connectionErrorListeners.push(listener);
    },
    stats: () => ({
      ...clock.stats,
      pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
    }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async destroy() {
      await db.destroy();
    },
  };
}
