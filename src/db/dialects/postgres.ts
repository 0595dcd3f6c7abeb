import type pg from 'pg';
import { Kysely, sql } from 'kysely';
import { postgresSearchIndex } from '../../search/postgres-index.js';
import type { Database } from '../schema.js';
import { loadPg } from '../pg-driver.js';
import { statementName } from '../prepared.js';
import { CurrentSchemaPostgresDialect } from './postgres-introspector.js';
import { queryClock, type DbHandle } from './types.js';

/**
 * Kysely sends every query unnamed, so PostgreSQL parses and plans it on
 * each run; the hot pages' lookups took longer to plan than to execute. The
 * prepared queries' SQL (src/db/prepared.ts) goes as a named statement
 * instead: parsed once per connection, and planned once it has a generic plan.
 */
function runPreparedQueriesByName(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? statementName(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  }) as typeof client.query;
}

/**
 * Only prepared queries are named, and their plans do not hang on the values (look-ups by id, lists in index
 * order); PostgreSQL's own choice kept planning the article page's statement on every run. The setting goes in
 * the startup message rather than a `set` after connecting: Kysely never gives back a connection whose first
 * query fails, so every connection lost just then kept a pool slot until none was left.
 */
function withGenericPlans(connectionString: string): string {
  const url = new URL(connectionString);
  const options = [url.searchParams.get('options'), '-c plan_cache_mode=force_generic_plan'];
  url.searchParams.set('options', options.filter(Boolean).join(' '));
  return url.toString();
}

export function createPostgresDb(connectionString: string): DbHandle {
  const connectionErrorListeners: ((err: Error) => void)[] = [];
  // Made with the first query (Kysely calls this then), once the driver is loaded.
  let pool: pg.Pool | undefined;
  const openPool = async (): Promise<pg.Pool> => {
    const driver = await loadPg();
    // A lost server fails a request within seconds instead of leaving it waiting for a connection that cannot come.
    pool = new driver.Pool({
      connectionString: withGenericPlans(connectionString),
      max: 10,
      connectionTimeoutMillis: 5000,
      keepAlive: true,
    });
    // A connection that dies (restart, failover, pg_terminate_backend), idle in the pool or held between the
    // queries of a transaction, emits 'error'; unheard, Node would end the process. The pool drops it and opens a new one.
    pool.on('connect', (client) => {
      client.on('error', (err) => {
        for (const listener of connectionErrorListeners) listener(err);
      });
      runPreparedQueriesByName(client);
    });
    // The pool repeats an idle client's error, already reported by the client's own listener.
    pool.on('error', () => undefined);
    return pool;
  };
  const clock = queryClock();
  const db = new Kysely<Database>({
    dialect: new CurrentSchemaPostgresDialect({
      pool: openPool,
    }),
    log: clock.log,
  });
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
      addSearchBlocks: (db) => postgresSearchIndex.addPrefixesAndBlocks(db),
      replaceSearchLookups: (db) => postgresSearchIndex.replaceLookups(db),
      mergeSearchIndexes: (db) => postgresSearchIndex.mergeVectorIndexes(db),
      createSearchWindowIndex: (db) => postgresSearchIndex.createWindowIndex(db),
      createSearchFilteredLookups: (db) => postgresSearchIndex.createFilteredLookups(db),
      addSearchPhrasePairs: (db) => postgresSearchIndex.addPhrasePairs(db),
      addSearchPhraseVectors: (db) => postgresSearchIndex.addPhraseVectors(db),
      async relaxColumns(db, table, change) {
        for (const column of change.dropNotNull)
          await db.schema
            .alterTable(table)
            .alterColumn(column, (c) => c.dropNotNull())
            .execute();
        await db.schema
          .alterTable(table)
          .addCheckConstraint(change.check.name, sql.raw(change.check.expression))
          .execute();
      },
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
      pool: { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 },
    }),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async destroy() {
      await db.destroy();
    },
  };
}
