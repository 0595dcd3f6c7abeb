/**
 * The publication times of the published articles, by id, kept in memory for the search (see
 * window-rank.ts) while the site's content version stays the same. A window of 2,001 matches was put
 * in time order by looking each up in the articles table and sorting them there, a large share of a
 * cold search's work; from this table it is a few array reads. The index holds published articles only, so
 * a match the table does not know (published since it was read, in another process that has not told
 * this one yet) is read from the articles table itself.
 */
import { sql } from 'kysely';
import { splitIntegers } from './integer-list.js';
import type { Db } from './search-index.js';

export interface PublishedTimes {
  /** Milliseconds since 1970, or NaN for an article the table does not hold. */
  of(id: number): number;
}

/** How one database reads the times: the SQL differs, the table does not. */
export interface TimesSource {
  /** "id,ms,id,ms,…" for every published article. */
  all(db: Db): Promise<string | null>;
  /** The times of these ids: NaN for one not published or without a time. */
  some(db: Db, ids: readonly number[]): Promise<Map<number, number>>;
}

interface Loaded {
  version: number;
  table: Promise<PublishedTimes>;
}

/** One table per database handle (tests open many at once). */
const loaded = new WeakMap<object, Loaded>();

/**
 * The table for this content version: the one already read, or being read (the searches that arrive
 * together after a change share one reading), or read now. Without a version, always read.
 */
export function publishedTimes(db: Db, version: number | undefined, source: TimesSource): Promise<PublishedTimes> {
  const kept = version === undefined ? undefined : loaded.get(db);
  if (kept && kept.version === version) return kept.table;
  const table = source.all(db).then(fromPairs);
  if (version !== undefined) {
    const entry = { version, table };
    loaded.set(db, entry);
    table.catch(() => {
      if (loaded.get(db) === entry) loaded.delete(db);
    });
  }
  return table;
}

/** The times of these ids from rows of (id, ms), NaN for those without one. */
function timesOf(ids: readonly number[], rows: ReadonlyArray<{ id: number; ms: number | string | null }>) {
  const times = new Map<number, number>(ids.map((id) => [id, NaN]));
  for (const row of rows) times.set(row.id, row.ms === null ? NaN : Number(row.ms));
  return times;
}

/** An article's publication time in milliseconds, made by SQLite. */
const sqliteMs = sql`cast(round(unixepoch(published_at, 'subsec') * 1000) as integer)`;

export const sqliteTimes: TimesSource = {
  async all(db) {
    // One string rather than a row and a date to parse per article.
    const r = await sql<{ pairs: string | null }>`select group_concat(id || ',' || ${sqliteMs}, ',') as pairs
      from articles where status = 'published'`.execute(db);
    return r.rows[0]?.pairs ?? null;
  },
  async some(db, ids) {
    const r = await sql<{ id: number; ms: number | null }>`select id, ${sqliteMs} as ms
      from articles where id in (select value from json_each(${JSON.stringify(ids)})) and status = 'published'`.execute(
      db,
    );
    return timesOf(ids, r.rows);
  },
};

/** The same by PostgreSQL; a bigint comes back as text. */
const postgresMs = sql`round(extract(epoch from published_at) * 1000)::bigint`;

export const postgresTimes: TimesSource = {
  async all(db) {
    const r = await sql<{ pairs: string | null }>`select string_agg(id || ',' || ${postgresMs}, ',') as pairs
      from articles where status = 'published'`.execute(db);
    return r.rows[0]?.pairs ?? null;
  },
  async some(db, ids) {
    const r = await sql<{ id: number; ms: string | null }>`select id, ${postgresMs} as ms
      from articles where id = any(${[...ids]}::int[]) and status = 'published'`.execute(db);
    return timesOf(ids, r.rows);
  },
};

/** "id,ms,id,ms,…" (ms may be negative, before 1970) into an array indexed by id. */
function fromPairs(pairs: string | null): PublishedTimes {
  const numbers = splitIntegers(pairs);
  let top = 0;
  for (let i = 0; i < numbers.length; i += 2) top = Math.max(top, numbers[i]!);
  const times = new Float64Array(numbers.length ? top + 1 : 0).fill(NaN);
  for (let i = 0; i < numbers.length; i += 2) times[numbers[i]!] = numbers[i + 1]!;
  return { of: (id) => (id < times.length ? times[id]! : NaN) };
}
