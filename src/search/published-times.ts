/**
 * The publication times of the published articles, by id, kept in memory for SQLite's search (see
 * sqlite-index.ts) while the site's content version stays the same. A window of 2,001 matches was put
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
export function publishedTimes(db: Db, version: number | undefined): Promise<PublishedTimes> {
  const kept = version === undefined ? undefined : loaded.get(db);
  if (kept && kept.version === version) return kept.table;
  const table = readAll(db);
  if (version !== undefined) {
    const entry = { version, table };
    loaded.set(db, entry);
    table.catch(() => {
      if (loaded.get(db) === entry) loaded.delete(db);
    });
  }
  return table;
}

/** An article's publication time in milliseconds, made by SQLite. */
const publishedMs = sql`cast(round(unixepoch(published_at, 'subsec') * 1000) as integer)`;

async function readAll(db: Db): Promise<PublishedTimes> {
  // One string rather than a row and a date to parse per article.
  const r = await sql<{ pairs: string | null }>`select group_concat(id || ',' || ${publishedMs}, ',') as pairs
    from articles where status = 'published'`.execute(db);
  return fromPairs(r.rows[0]?.pairs ?? null);
}

/** The times of these ids, read from the articles: NaN for one not published or without a time. */
export async function readTimes(db: Db, ids: readonly number[]): Promise<Map<number, number>> {
  const r = await sql<{ id: number; ms: number | null }>`select id, ${publishedMs} as ms
    from articles where id in (select value from json_each(${JSON.stringify(ids)})) and status = 'published'`.execute(
    db,
  );
  const times = new Map<number, number>(ids.map((id) => [id, NaN]));
  for (const row of r.rows) times.set(row.id, row.ms ?? NaN);
  return times;
}

/** "id,ms,id,ms,…" (ms may be negative, before 1970) into an array indexed by id. */
function fromPairs(pairs: string | null): PublishedTimes {
  const numbers = splitIntegers(pairs);
  let top = 0;
  for (let i = 0; i < numbers.length; i += 2) top = Math.max(top, numbers[i]!);
  const times = new Float64Array(numbers.length ? top + 1 : 0).fill(NaN);
  for (let i = 0; i < numbers.length; i += 2) times[numbers[i]!] = numbers[i + 1]!;
  return { of: (id) => (id < times.length ? times[id]! : NaN) };
}
