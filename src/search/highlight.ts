/**
 * Highlights built from the original text: each syllable is folded and
 * compared with the folded query, so "nghi quyet" marks "Nghị quyết" as
 * written. Text between matches is escaped by the html template.
 */
import { html, type SafeHtml } from '../web/html.js';
import { foldedInPlace, foldedSyllables, numberTerm } from '../vi/search-text.js';
import type { ParsedQuery } from './query.js';

export interface Span {
  start: number;
  end: number;
}

/**
 * Letters and digits of the characters foldedInPlace accepts, as a class of literal ranges: a
 * pattern with \p{L}, built for each query (every query is new), compiles far slower.
 */
const LETTER_OR_DIGIT = (() => {
  const ranges: string[] = [];
  const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  for (const [from, to] of [
    [0, 0x24f],
    [0x1e00, 0x1eff],
    [0x2000, 0x206f],
  ] as const) {
    let start = -1;
    for (let c = from; c <= to + 1; c++) {
      const yes = c <= to && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
      if (yes && start < 0) start = c;
      if (!yes && start >= 0) {
        ranges.push(start === c - 1 ? hex(start) : `${hex(start)}-${hex(c - 1)}`);
        start = -1;
      }
    }
  }
  return `[${ranges.join('')}]`;
})();

/** The syllables a query highlights, in text folded in place (see foldedInPlace). */
const patterns = new WeakMap<ParsedQuery, RegExp>();
function patternOf(q: ParsedQuery): RegExp {
  let re = patterns.get(q);
  if (!re) {
    // Numbers are indexed without leading zeros: "5" marks "05" as written.
    const escape = (w: string) => (/^\d/.test(w) ? '0*' : '') + w.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const whole = `(?:${[...new Set(q.words)].map(escape).join('|')})(?!${LETTER_OR_DIGIT})`;
    const prefix = q.prefix ? `|${escape(q.words[q.words.length - 1]!)}${LETTER_OR_DIGIT}*` : '';
    re = new RegExp(`(?<!${LETTER_OR_DIGIT})(?:${whole}${prefix})`, 'gu');
    patterns.set(q, re);
  }
  return re;
}

/** Marks a character that matchable() cannot take. */
const REFUSED = 0xff;
/**
 * What each character foldedInPlace accepts stands for in matchable(): its folded form when that
 * is ASCII; else 'Z' for a letter or digit (no folded text has capitals, no query word matches
 * one) and '!' for anything else, which is all the pattern asks of them.
 */
const MATCHABLE = (() => {
  const table = new Uint8Array(0x2070).fill(REFUSED);
  for (const [from, to] of [
    [0, 0x24f],
    [0x1e00, 0x1eff],
    [0x2000, 0x206f],
  ] as const) {
    for (let c = from; c <= to; c++) {
      const folded = foldedInPlace(String.fromCharCode(c));
      if (folded === null) continue;
      const f = folded.charCodeAt(0);
      table[c] = f < 0x80 ? f : /[\p{L}\p{N}]/u.test(folded) ? 0x5a : 0x21;
    }
  }
  return table;
})();
let scratch = Buffer.alloc(1 << 14);

/**
 * The text folded in place (see foldedInPlace) as an ASCII string, or null when it cannot be: the
 * pattern of a query of ASCII words finds in it what it finds in the folded text, and a one-byte
 * string is cheaper to make and to search than the two-byte one folding and lower-casing gave.
 */
function matchable(text: string): string | null {
  const n = text.length;
  if (scratch.length < n) scratch = Buffer.alloc(Math.max(n, 2 * scratch.length));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const m = c < 0x2070 ? MATCHABLE[c]! : REFUSED;
    if (m === REFUSED) return null;
    scratch[i] = m;
  }
  return scratch.toString('latin1', 0, n);
}

const asciiQueries = new WeakMap<ParsedQuery, boolean>();
function isAscii(q: ParsedQuery): boolean {
  let ascii = asciiQueries.get(q);
  if (ascii === undefined) asciiQueries.set(q, (ascii = q.words.every((w) => /^[a-z0-9]+$/.test(w))));
  return ascii;
}

/**
 * Where the query's words are in a text, as foldedSyllables finds them. Text folded in place
 * (nearly all) is searched by one pattern for the query, the regular expression engine
 * stepping over the other syllables: building each syllable's folded form in JavaScript was
 * most of what snippets cost for a code found deep in article bodies.
 */
export function matchSpans(text: string, q: ParsedQuery, limit = Infinity): Span[] {
  const folded = isAscii(q) ? matchable(text) : foldedInPlace(text);
  if (folded === null) return matchSpansBySyllable(text, q, limit);
  const spans: Span[] = [];
  for (const m of folded.matchAll(patternOf(q))) {
    spans.push({ start: m.index, end: m.index + m[0].length });
    if (spans.length >= limit) break;
  }
  return spans;
}

/** matchSpans for any text, one syllable at a time. */
export function matchSpansBySyllable(text: string, q: ParsedQuery, limit = Infinity): Span[] {
  const words = new Set(q.words);
  const prefix = q.prefix ? q.words[q.words.length - 1]! : null;
  const spans: Span[] = [];
  for (const s of foldedSyllables(text)) {
    const folded = numberTerm(s.folded);
    if (words.has(folded) || (prefix !== null && folded.startsWith(prefix))) {
      spans.push({ start: s.start, end: s.end });
      if (spans.length >= limit) break;
    }
  }
  return spans;
}

/** The text with its matches in <mark>, adjacent matches joined into one mark. */
export function highlight(text: string, q: ParsedQuery, spans = matchSpans(text, q)): SafeHtml {
  const parts: SafeHtml[] = [];
  let pos = 0;
  for (let i = 0; i < spans.length; i++) {
    const start = spans[i]!.start;
    let end = spans[i]!.end;
    // "Nghị quyết" is one mark, not two with a space between.
    while (i + 1 < spans.length && /^\s+$/.test(text.slice(end, spans[i + 1]!.start))) end = spans[++i]!.end;
    parts.push(html`${text.slice(pos, start)}<mark>${text.slice(start, end)}</mark>`);
    pos = end;
  }
  parts.push(html`${text.slice(pos)}`);
  return html`${parts}`;
}

export const SNIPPET_CHARS = 240;
const LEAD_CHARS = 60;

/** A window of the text around its first match (or its start), cut at spaces. */
export function snippetOf(text: string, q: ParsedQuery): { text: string; spans: Span[] } {
  const first = matchSpans(text, q, 1)[0]?.start ?? 0;
  let start = Math.max(0, first - LEAD_CHARS);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    start = space >= 0 && space < first ? space + 1 : first;
  }
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > Math.max(start, first)) end = space;
  }
  const body = text.slice(start, end).replace(/\s+/g, ' ');
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < text.length ? ' …' : '';
  const snippet = prefix + body + suffix;
  return { text: snippet, spans: matchSpans(snippet, q) };
}
