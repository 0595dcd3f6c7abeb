/**
 * Ranking a window (search-index.ts, WINDOW) the same way on both databases: its matches put in time
 * order from the publication times in memory, then regrouped by the boosts each meets. The database
 * finds the matches and the boosts; what is left is arithmetic on a few thousand ids, cheaper here
 * than as rows joined and sorted in SQL.
 */
import { publishedTimes, type TimesSource } from './published-times.js';
import type { Db, SearchFilters } from './search-index.js';

/** A window's matches, published by now, and the id range a boost is asked over. */
export interface Window {
  /** Newest first. */
  found: number[];
  oldest: number;
  newest: number;
  /** The window's matches, published or not (a boost's range holds them all). */
  size: number;
  /** Whether more match than the window holds. */
  capped: boolean;
}

/**
 * The window of `matched` (timeOrdered's list of up to `window + 1` ids, the newest by id; negative:
 * not published by now), or null when nothing matched. Its one match past the window, the oldest id,
 * is left out.
 */
export function windowOf(matched: readonly number[], window: number): Window | null {
  if (!matched.length) return null;
  let oldest = Infinity;
  let newest = 0;
  for (const id of matched) {
    oldest = Math.min(oldest, Math.abs(id));
    newest = Math.max(newest, Math.abs(id));
  }
  const capped = matched.length > window;
  const past = capped ? oldest : 0;
  if (capped) oldest = matched.reduce((o, id) => (Math.abs(id) === past ? o : Math.min(o, Math.abs(id))), Infinity);
  const found = matched.filter((id) => id > 0 && id !== past);
  return { found, oldest, newest, size: matched.length - (capped ? 1 : 0), capped };
}

/**
 * The window's ids in time order, newest first (ties: the higher id), those published after `now`
 * negative: from the publication times in memory (published-times.ts), and for any id they do not
 * hold, from the articles.
 */
export async function timeOrdered(
  db: Db,
  ids: readonly number[],
  f: SearchFilters,
  source: TimesSource,
): Promise<number[]> {
  const table = await publishedTimes(db, f.version, source);
  const missing = ids.filter((id) => Number.isNaN(table.of(id)));
  const read = missing.length ? await source.some(db, missing) : null;
  const time = read ? (id: number) => read.get(id)?.ms ?? table.of(id) : table.of;
  const now = Date.parse(f.now);
  return byTime(ids, time).map((id) => (time(id) <= now ? id : -id));
}

/** Slots for a window's positions in a time-order key (byTime): up to 2,048 ids. */
const POSITION_BITS = 11;

/**
 * Ids (highest first) newest first, ties kept in id order: one numeric sort of a typed array of
 * keys, time then position in the list, when the times span less than 2^41 ms (about 70 years) and the
 * list is short enough; else a sort with a comparison function, which is slower.
 */
function byTime(ids: readonly number[], time: (id: number) => number): number[] {
  // One without a time (NaN; published articles have one) sorts last, in id order.
  const at = (id: number) => {
    const t = time(id);
    return Number.isNaN(t) ? -Infinity : t;
  };
  let newest = -Infinity;
  let oldest = Infinity;
  for (const id of ids) {
    const t = at(id);
    if (t > -Infinity) {
      newest = Math.max(newest, t);
      oldest = Math.min(oldest, t);
    }
  }
  if (newest === -Infinity) return [...ids];
  const slots = 2 ** POSITION_BITS;
  if (ids.length > slots || !(newest - oldest < 2 ** (53 - POSITION_BITS - 1)))
    return [...ids].sort((a, b) => at(b) - at(a) || b - a);
  const last = newest - oldest + 1;
  const keys = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const t = at(ids[i]!);
    keys[i] = (t > -Infinity ? newest - t : last) * slots + i;
  }
  keys.sort();
  const out = new Array<number>(ids.length);
  for (let i = 0; i < keys.length; i++) out[i] = ids[keys[i]! % slots]!;
  return out;
}

export interface Scores {
  add(id: number, weight: number): void;
  of(id: number): number;
}

/** Rowid ranges up to this long keep their scores in one byte per rowid. */
const MAX_SCORE_ARRAY = 1 << 20;

/**
 * Scores of the rowids from `oldest` to `newest`: one byte each (the weights add up to 15), read and
 * written by index; a Map only when the range is too long for that (a thin spread over millions).
 */
export function scoreTable(oldest: number, newest: number): Scores {
  if (newest - oldest < MAX_SCORE_ARRAY) {
    const of = new Uint8Array(newest - oldest + 1);
    return { add: (id, weight) => void (of[id - oldest]! += weight), of: (id) => of[id - oldest]! };
  }
  const map = new Map<number, number>();
  return { add: (id, weight) => void map.set(id, (map.get(id) ?? 0) + weight), of: (id) => map.get(id) ?? 0 };
}

/** The highest score: every boost met (8 + 4 + 2 + 1). */
const MAX_SCORE = 15;

/**
 * Ids already newest first, regrouped by score, highest first: a stable counting sort, no
 * comparisons, into one array (an array per score, then flattened, cost several times more).
 */
export function byScore(ids: readonly number[], score: Scores): number[] {
  const scores = new Uint8Array(ids.length);
  const next = new Uint32Array(MAX_SCORE + 1);
  for (let i = 0; i < ids.length; i++) next[(scores[i] = score.of(ids[i]!))]!++;
  let start = 0;
  for (let s = MAX_SCORE; s >= 0; s--) {
    const n = next[s]!;
    next[s] = start;
    start += n;
  }
  const out = new Array<number>(ids.length);
  for (let i = 0; i < ids.length; i++) out[next[scores[i]!]!++] = ids[i]!;
  return out;
}

/** A page's rows, read in any order, put in the order of its ids. */
export function inOrderOf<Row extends { id: number }>(ids: readonly number[], rows: Row[]): Row[] {
  const position = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((x, y) => position.get(x.id)! - position.get(y.id)!);
}
