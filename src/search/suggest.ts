/**
 * "Có phải bạn muốn tìm: …": a query with few results, its unknown words replaced by words the index
 * holds (search_vocabulary) one typo away: a letter swapped, missing, extra or wrong, a wrong tone
 * mark, or Telex keys typed with the converter off ("nghij quyeets"). Only ever offered, never
 * searched instead, and only when the corrected query finds more.
 */
import { sql } from 'kysely';
import { foldTerm, markKey, syllables } from '../vi/search-text.js';
import { spelling, telexWord } from '../vi/telex.js';
import { parseSearchQuery, type ParsedQuery } from './query.js';
import type { Db, SearchFilters, SearchIndex, VocabularyEntry } from './search-index.js';

/** A query with fewer results than this gets a suggestion, when there is a better one. */
export const SUGGEST_BELOW = 3;
/** Words longer than this are not looked up (the vocabulary holds none). */
const MAX_WORD = 10;
/** Candidates per unknown word whose frequency is asked of the index. */
const MAX_CANDIDATES = 12;
/** Frequencies are counted up to here: enough to tell a common word from a stray one. */
const COUNT_CAP = 500;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const OPERATOR = /^(?:OR|AND|NOT)$/;

/** Every folded word one edit away: a letter deleted, two swapped, one replaced or one inserted. */
export function oneEditAway(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [head, tail] = [word.slice(0, i), word.slice(i)];
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const c of LETTERS) {
      if (tail) out.add(head + c + tail.slice(1));
      out.add(head + c + tail);
    }
  }
  out.delete(word);
  return out;
}

interface Word {
  typed: string;
  start: number;
  end: number;
  folded: string;
  marked: boolean;
  telex: ReturnType<typeof telexWord>;
}

/**
 * Words to replace, as typed (lower case, canonical tone placement) → as suggested. Kept apart from
 * the text so an outcome cached for one spelling of a query ("nghij", "NGHIJ") suggests in the
 * capitals of the next (applyCorrections).
 */
export type Corrections = Record<string, string>;

export function applyCorrections(text: string, corrections: Corrections | null): string | null {
  if (!corrections) return null;
  let out = '';
  let pos = 0;
  for (const s of syllables(text)) {
    const better = corrections[s.text];
    if (better === undefined) continue;
    const original = text.slice(s.start, s.end);
    out +=
      text.slice(pos, s.start) +
      (original.charAt(0) !== original.charAt(0).toLowerCase() ? capitalise(better) : better);
    pos = s.end;
  }
  return out + text.slice(pos);
}

export async function suggestQuery(
  db: Db,
  index: SearchIndex,
  text: string,
  query: ParsedQuery,
  filters: SearchFilters,
  total: number,
): Promise<Corrections | null> {
  const words: Word[] = [];
  for (const s of syllables(text)) {
    if (s.text.length > MAX_WORD || /\d/.test(s.text) || OPERATOR.test(text.slice(s.start, s.end))) continue;
    const folded = foldTerm(s.text);
    const marked = folded !== s.text;
    words.push({ ...s, typed: s.text, folded, marked, telex: marked ? null : telexWord(s.text) });
  }
  if (!words.length) return null;
  const wanted = new Set<string>();
  for (const w of words) {
    wanted.add(w.folded);
    for (const e of oneEditAway(w.folded)) wanted.add(e);
    if (w.telex) wanted.add(foldTerm(w.telex.base));
  }
  const rows = await vocabulary(db, [...wanted]);
  const last = words[words.length - 1]!;
  // A last word typed with marks is a prefix of words written so ("nghiê" of "nghiên"), not of every
  // word that folds alike: "mơi" is a typo for "mới", not the start of it.
  const lastIsPrefix =
    query.prefix &&
    last.end === text.trimEnd().length &&
    (await hasPrefix(db, last.marked ? 'form' : 'folded', last.marked ? last.typed : last.folded));

  const corrections: Corrections = {};
  let changed = false;
  let onlyMarks = true;
  for (const w of words) {
    const known = w.marked ? rows.some((r) => r.form === w.typed) : rows.some((r) => r.folded === w.folded);
    if (known || (w === last && lastIsPrefix)) continue;
    const better = await bestFor(db, index, w, rows);
    if (!better) continue;
    corrections[w.typed] = better;
    changed = true;
    if (foldTerm(better) !== w.folded) onlyMarks = false;
  }
  if (!changed) return null;
  const parsed = parseSearchQuery(applyCorrections(text, corrections)!);
  if (!parsed) return null;
  // Newest first: the count is the same, and the boosts that rank by relevance are not needed for it.
  const check = await index.search(db, parsed, { ...filters, sort: 'newest', limit: 1, offset: 0 });
  // Other marks alone find the same articles (search folds them away): then the marks are the correction.
  return check.total > total || (onlyMarks && total > 0) ? corrections : null;
}

async function bestFor(db: Db, index: SearchIndex, w: Word, rows: VocabularyEntry[]): Promise<string | null> {
  if (w.telex) {
    const meant = rows.find((r) => {
      const s = spelling(r.form);
      return s.base === w.telex!.base && s.tone === w.telex!.tone;
    });
    if (meant) return meant.form;
  }
  const near = oneEditAway(w.folded);
  // The same letters with other marks first (a wrong tone), then the words a typo away.
  const candidates = [...rows.filter((r) => r.folded === w.folded), ...rows.filter((r) => near.has(r.folded))].slice(
    0,
    MAX_CANDIDATES,
  );
  let best: string | null = null;
  let bestCount = 0;
  for (const c of candidates) {
    const key = markKey(c.form);
    const n = await index.countTerm(db, key ? { markKey: key } : { folded: c.folded }, COUNT_CAP);
    if (n > bestCount) [best, bestCount] = [c.form, n];
  }
  return best;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function vocabulary(db: Db, folded: string[]): Promise<VocabularyEntry[]> {
  if (!folded.length) return [];
  const r = await sql<VocabularyEntry>`select form, folded from search_vocabulary
    where folded in (${sql.join(folded)})`.execute(db);
  return r.rows;
}

async function hasPrefix(db: Db, column: 'form' | 'folded', prefix: string): Promise<boolean> {
  // Every word with this prefix sorts before prefix + the highest character of the Basic Multilingual Plane.
  const r = await sql`select 1 from search_vocabulary
    where ${sql.ref(column)} >= ${prefix} and ${sql.ref(column)} < ${`${prefix}\uffff`} limit 1`.execute(db);
  return r.rows.length > 0;
}
