/**
 * Reader queries → a small, safe structure. Nothing the reader types reaches
 * a MATCH or tsquery as syntax: only [a-z0-9] terms come out of here, and each
 * back end quotes them itself.
 */
import { foldTerm, markKey, syllables } from '../vi/search-text.js';

/** Longer input is cut: no real query needs it, and a huge one must not cost more. */
export const MAX_QUERY_CHARS = 200;
export const MAX_TERMS = 12;
/**
 * A last word shorter than this is a prefix only after other words, which narrow the set first
 * ("trí tuệ nhân t"); alone, a letter would expand to most of the vocabulary.
 */
const MIN_PREFIX = 2;
/**
 * Search operators of other engines, typed in capitals. We search every word anyway, so they are
 * dropped: taken as words, a trailing "OR" emptied the result ("nấm OR").
 */
const OPERATOR = /^(?:OR|AND|NOT)$/;

export interface QueryGroup {
  /** Folded terms; more than one means they must be adjacent, in order. */
  terms: string[];
}

export interface ParsedQuery {
  groups: QueryGroup[];
  /** The last term of the last group matches as a prefix. */
  prefix: boolean;
  /** Every folded term in the order typed. */
  words: string[];
  /** Keys of the terms typed with marks: documents with exactly these rank first. */
  markKeys: string[];
  /** The last term was typed with marks: a document with them holds it as a whole word, not a prefix. */
  lastMarked: boolean;
}

const CONTROL = /[\p{Cc}\p{Cf}\p{Cs}]/gu;
const QUOTE = /["“”„]/;
const CUT_PAIR = /[\ud800-\udbff]$/;

/**
 * The query as a page shows it and caches key it: control characters and
 * runs of spaces gone, NFC, no longer than the parser reads. Parsing it gives
 * what parsing the raw text gives (but for a long query, spaces no longer
 * count against the length limit).
 */
export function queryText(raw: string): string {
  // A cut may split a surrogate pair: its lone half would come back from the page as a different query.
  return raw
    .replace(CONTROL, ' ')
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_QUERY_CHARS)
    .replace(CUT_PAIR, '')
    .trim();
}

/** Null when the query has no letters or digits at all. */
export function parseSearchQuery(raw: string): ParsedQuery | null {
  const text = raw.replace(CONTROL, ' ').normalize('NFC').slice(0, MAX_QUERY_CHARS);
  const parts = text.split(QUOTE);
  const groups: QueryGroup[] = [];
  const markKeys: string[] = [];
  let lastQuoted = false;
  let lastMarked = false;
  let budget = MAX_TERMS;
  const add = (chunk: string, quoted: boolean) => {
    const syl = syllables(chunk).slice(0, budget);
    if (!syl.length) return;
    budget -= syl.length;
    groups.push({ terms: syl.map((s) => foldTerm(s.text)) });
    for (const s of syl) {
      const key = markKey(s.text);
      if (key && !markKeys.includes(key)) markKeys.push(key);
      lastMarked = key !== null;
    }
    lastQuoted = quoted;
  };
  parts.forEach((part, i) => {
    // Odd parts are inside quotes, unless the last quote was never closed.
    const quoted = i % 2 === 1 && i < parts.length - 1;
    if (quoted) add(part, true);
    // Outside quotes, "22-NQ/TW" (one chunk, several syllables) is a phrase; spaces separate terms.
    else for (const chunk of part.split(/\s+/)) if (!OPERATOR.test(chunk)) add(chunk, false);
  });
  if (!groups.length) return null;
  const words = groups.flatMap((g) => g.terms);
  const lastTerm = words[words.length - 1]!;
  const prefix = !lastQuoted && (lastTerm.length >= MIN_PREFIX || (words.length > 1 && /^[a-z]$/.test(lastTerm)));
  return { groups, prefix, words, markKeys, lastMarked };
}

/** Whether the query has several groups whose adjacency is worth ranking. */
export function wantsAdjacency(q: ParsedQuery): boolean {
  return q.groups.length > 1;
}
