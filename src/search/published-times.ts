/**
 * The publication times and categories of the published articles, by id, kept in memory for the
 * search (see window-rank.ts) while the site's content version stays the same. A window of 2,001
 * matches was put in time order by looking each up in the articles table and sorting them there, a
 * large share of a cold search's work; from this table it is a few array reads. A search with a
 * category or dates on SQLite tests its matches here too (sqlite-index.ts, filteredWindow). The index
 * holds published articles only, so a match the table does not know (published since it was read, in
 * another process that has not told this one yet) is read from the articles table itself.
 */
import { sql } from 'kysely';
import { splitIntegers } from './integer-list.js';
import type { Db } from './search-index.js';

export interface PublishedTimes {
  /** Milliseconds since 1970, or NaN for an article the table does not hold. */
  of(id: number): number;
  /** Whether the article is filed in this category or in one of its children; false for one the table does not hold. */
  inCategory(id: number, category: number): boolean;
}

/** One published article's time (NaN without one) and categories, as the table holds them. */
export interface Published {
  ms: number;
  category: number;
  root: number;
}

/** How one database reads the table: the SQL differs, the table does not. */
export interface TimesSource {
  /**
   * Whether `all` reads the categories too: only SQLite's filtered search asks the table for them
   * (PostgreSQL's meets its filters in SQL), and they make reading it about 40% longer.
   */
  categories: boolean;
  /** "id,ms,category,root,…" (or "id,ms,…" without categories) for every published article. */
  all(db: Db): Promise<string | null>;
  /** These ids' rows, for those published. */
  some(db: Db, ids: readonly number[]): Promise<Map<number, Published>>;
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
  const table = source.all(db).then((rows) => fromRows(rows, source.categories));
  if (version !== undefined) {
    const entry = { version, table };
    loaded.set(db, entry);
    table.catch(() => {
      if (loaded.get(db) === entry) loaded.delete(db);
    });
  }
  return table;
}

interface Row {
  id: number;
  ms: number | string | null;
  category_id: number;
  root_category_id: number;
}

function publishedOf(rows: readonly Row[]): Map<number, Published> {
  return new Map(
    rows.map((r) => [
      r.id,
      { ms: r.ms === null ? NaN : Number(r.ms), category: r.category_id, root: r.root_category_id },
    ]),
  );
}

/** An article's publication time in milliseconds, made by SQLite. */
const sqliteMs = sql`cast(round(unixepoch(published_at, 'subsec') * 1000) as integer)`;

export const sqliteTimes: TimesSource = {
  categories: true,
  async all(db) {
    // One string rather than a row and a date to parse per article; from the index that holds all four
    // (SQLite chose one that does not, and read every row: 183 against 42 ms at 100,000 articles).
    const r = await sql<{ rows: string | null }>`select group_concat(
        id || ',' || ${sqliteMs} || ',' || category_id || ',' || root_category_id, ',') as rows
      from articles indexed by articles_search_candidates where status = 'published'`.execute(db);
    return r.rows[0]?.rows ?? null;
  },
  async some(db, ids) {
    const r = await sql<Row>`select id, ${sqliteMs} as ms, category_id, root_category_id
      from articles where id in (select value from json_each(${JSON.stringify(ids)})) and status = 'published'`.execute(
      db,
    );
    return publishedOf(r.rows);
  },
};

/** The same by PostgreSQL; a bigint comes back as text. */
const postgresMs = sql`round(extract(epoch from published_at) * 1000)::bigint`;

export const postgresTimes: TimesSource = {
  categories: false,
  async all(db) {
    const r = await sql<{ rows: string | null }>`select string_agg(id || ',' || ${postgresMs}, ',') as rows
      from articles where status = 'published'`.execute(db);
    return r.rows[0]?.rows ?? null;
  },
  async some(db, ids) {
    const r = await sql<Row>`select id, ${postgresMs} as ms, category_id, root_category_id
      from articles where id = any(${[...ids]}::int[]) and status = 'published'`.execute(db);
    return publishedOf(r.rows);
  },
};

/** "id,ms,category,root,…" or "id,ms,…" (ms may be negative, before 1970) into arrays indexed by id. */
function fromRows(rows: string | null, withCategories: boolean): PublishedTimes {
  const numbers = splitIntegers(rows);
  const stride = withCategories ? 4 : 2;
  let top = 0;
  for (let i = 0; i < numbers.length; i += stride) top = Math.max(top, numbers[i]!);
  const size = numbers.length ? top + 1 : 0;
  const times = new Float64Array(size).fill(NaN);
  // Category ids start at 1, so 0 is "not held".
  const categories = new Int32Array(withCategories ? size : 0);
  const roots = new Int32Array(withCategories ? size : 0);
  for (let i = 0; i < numbers.length; i += stride) {
    const id = numbers[i]!;
    times[id] = numbers[i + 1]!;
    if (withCategories) {
      categories[id] = numbers[i + 2]!;
      roots[id] = numbers[i + 3]!;
    }
  }
  return {
    of: (id) => (id < size ? times[id]! : NaN),
    inCategory(id, category) {
      if (!withCategories) throw new Error('published-times: this table was read without categories');
      return id < size && (categories[id] === category || roots[id] === category);
    },
  };
}
