/**
 * Turning Vietnamese text into search terms: syllables, their folded form,
 * an ASCII key for the exact marks, and the extra words a document code
 * stands for ("42/2022/NĐ-CP" → "nghị định 42").
 *
 * Every term is ASCII [a-z0-9], so the database's own tokenizer (FTS5's or
 * PostgreSQL's) only has to split on spaces and cannot disagree with ours.
 */
import { foldForSearch } from './fold.js';
import { normalizeTonePlacement } from './normalize.js';

/** A run of letters/digits with the marks that belong to them. */
const SYLLABLE = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Syllables with at least one non-ASCII character: the only ones that can have a mark key. */
const NON_ASCII_SYLLABLE = /[\p{L}\p{N}]*(?:(?!\p{ASCII})[\p{L}\p{M}])[\p{L}\p{M}\p{N}]*/gu;

export interface Syllable {
  /** NFC, canonical tone placement, lower case. */
  text: string;
  start: number;
  end: number;
}

/**
 * Syllables of a text with their offsets in that text. Offsets refer to the
 * input as given, so it must already be NFC when offsets matter (highlights).
 */
export function syllables(text: string): Syllable[] {
  const out: Syllable[] = [];
  for (const m of text.matchAll(SYLLABLE)) {
    out.push({ text: normalizeTonePlacement(m[0]).toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Folded search term of one syllable: "Nghị" → "nghi", "Đảng" → "dang". */
export function foldTerm(syllable: string): string {
  return numberTerm(foldForSearch(syllable));
}

/** A term of digits alone loses its leading zeros: "05" and "5", "015" and "15" are one number. */
export function numberTerm(term: string): string {
  return term.charCodeAt(0) === 48 && term.length > 1 && /^\d+$/.test(term) ? term.replace(/^0+(?=\d)/, '') : term;
}

/**
 * The text folded for search with every character where it was, or null when that cannot be
 * had. Only for text of Latin (U+0000-U+024F), Vietnamese (U+1E00-U+1EFF) and general
 * punctuation (U+2000-U+206F): there are no combining marks, surrogates or letters whose lower
 * case depends on their neighbours (Greek final sigma), so each character folds to what it
 * folds to alone (as foldedSyllables folds it), and a syllable is a run of letters and digits.
 */
export function foldedInPlace(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x250 && (c < 0x1e00 || c >= 0x2070 || (c >= 0x1f00 && c < 0x2000))) return null;
  }
  const folded = foldForSearch(text);
  // Still one character for one: nothing (İ) lower-cased to two.
  return folded.length === text.length ? folded : null;
}

/** Where each syllable of a text starts and ends, with its folded form: what highlighting needs. */
export function* foldedSyllables(text: string): Generator<{ folded: string; start: number; end: number }> {
  for (const m of text.matchAll(SYLLABLE)) {
    const s = m[0];
    let folded = '';
    for (let i = 0; i < s.length; i++)
      folded += s.charCodeAt(i) < 0x80 ? s.charAt(i).toLowerCase() : foldChar(s.charAt(i));
    yield { folded, start: m.index, end: m.index + s.length };
  }
}

/** Longest syllable that gets a mark key; longer "words" (hashes, URLs) are only searchable folded. */
const MAX_MARKED_LENGTH = 36;

/**
 * ASCII key for a syllable *with* its marks, or null when it has none.
 * "má" and "mà" get different keys, "má" typed as NFD or in the other tone
 * placement gets the same one. Shape: folded + "0" + for each marked letter
 * its position (1 base-36 digit) and code point (3 base-36 digits).
 */
export function markKey(syllable: string): string | null {
  return markKeyOfNormalised(normalizeTonePlacement(syllable).toLowerCase());
}

const foldedChars = new Map<string, string>();
function foldChar(ch: string): string {
  let f = foldedChars.get(ch);
  if (f === undefined) foldedChars.set(ch, (f = foldForSearch(ch)));
  return f;
}

/** markKey of a syllable that is already normalised and lower case (hot path of indexing). */
function markKeyOfNormalised(s: string): string | null {
  if (s.length > MAX_MARKED_LENGTH) return null;
  let plain = '';
  let marks = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (s.charCodeAt(i) < 0x80) {
      plain += ch;
      continue;
    }
    const f = foldChar(ch);
    // Only letters that fold to one letter carry a mark we can key (not combining marks left over).
    if (f.length !== 1 || f.charCodeAt(0) >= 0x80) return null;
    plain += f;
    marks += i.toString(36) + s.charCodeAt(i).toString(36).padStart(3, '0');
  }
  return marks ? `${plain}0${marks}` : null;
}

/** Words longer than this are not worth a place in the vocabulary typos are corrected from. */
const MAX_VOCABULARY_WORD = 10;
const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;

/**
 * Folded terms and mark keys of a text, each space-separated, ready for the index; with `forms`,
 * also adds to it every word of letters alone as written (lower case, canonical tone placement).
 */
export function searchTerms(text: string, forms?: Set<string>): { folded: string; marks: string } {
  const folded: string[] = [];
  const marks: string[] = [];
  // Normalised and folded once for the whole text: per-syllable work was most of the indexing time.
  // Folding only removes marks inside syllables, so both texts split into the same syllables.
  const normalised = normalizeTonePlacement(text).toLowerCase();
  const inPlace = foldedInPlace(normalised);
  if (inPlace !== null) return termsInPlace(normalised, inPlace, forms);
  if (forms) {
    for (const [s] of normalised.matchAll(SYLLABLE))
      if (s.length <= MAX_VOCABULARY_WORD && !forms.has(s) && LETTERS_ONLY.test(s)) forms.add(s);
  }
  for (const [s] of foldForSearch(normalised).matchAll(SYLLABLE)) folded.push(numberTerm(s));
  for (const [s] of normalised.matchAll(NON_ASCII_SYLLABLE)) {
    const key = markKeyOfNormalised(s);
    if (key) marks.push(key);
  }
  return { folded: folded.join(' '), marks: marks.join(' ') };
}

/**
 * Letters and digits (1) and digits alone (2) among the characters text that foldedInPlace folds
 * can hold (all below U+2070), as \p{L} and \p{N} class them: a lookup per character instead of
 * a Unicode pattern over the text.
 */
const WORD_CHARS = (() => {
  const table = new Uint8Array(0x2070);
  for (let c = 0; c < table.length; c++) {
    const ch = String.fromCharCode(c);
    if (/\p{N}/u.test(ch)) table[c] = 2;
    else if (/\p{L}/u.test(ch)) table[c] = 1;
  }
  return table;
})();

/**
 * searchTerms of text that foldedInPlace could fold: one pass over its syllables instead of three.
 * There are no combining marks in such text, so every syllable is a run of letters and digits, a
 * syllable with a mark key is one with a character beyond ASCII, and its folded form is the same
 * stretch of the folded text.
 */
function termsInPlace(
  normalised: string,
  folded: string,
  forms: Set<string> | undefined,
): { folded: string; marks: string } {
  const terms: string[] = [];
  const marks: string[] = [];
  const n = normalised.length;
  for (let i = 0; i < n;) {
    if (!WORD_CHARS[normalised.charCodeAt(i)]) {
      i++;
      continue;
    }
    let end = i;
    let hasNumber = false;
    for (let kind; end < n && (kind = WORD_CHARS[normalised.charCodeAt(end)]); end++) if (kind === 2) hasNumber = true;
    const s = normalised.slice(i, end);
    const f = folded.slice(i, end);
    i = end;
    terms.push(numberTerm(f));
    if (forms && s.length <= MAX_VOCABULARY_WORD && !hasNumber) forms.add(s);
    if (f === s) continue;
    const key = markKeyInPlace(s, f);
    if (key) marks.push(key);
  }
  return { folded: terms.join(' '), marks: marks.join(' ') };
}

/** markKeyOfNormalised of a syllable whose folded form `f` is already known, character for character. */
function markKeyInPlace(s: string, f: string): string | null {
  if (s.length > MAX_MARKED_LENGTH) return null;
  let marks = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (f.charCodeAt(i) >= 0x80) return null;
    marks += i.toString(36) + c.toString(36).padStart(3, '0');
  }
  return `${f}0${marks}`;
}

/** Kinds of legal document by their abbreviation (folded), with the words they stand for. */
const DOCUMENT_KINDS: Record<string, string> = {
  nq: 'nghị quyết',
  nd: 'nghị định',
  qd: 'quyết định',
  tt: 'thông tư',
  ct: 'chỉ thị',
  kh: 'kế hoạch',
  tb: 'thông báo',
  cv: 'công văn',
  bc: 'báo cáo',
  hd: 'hướng dẫn',
  ttlt: 'thông tư liên tịch',
  qc: 'quy chế',
};

// "22-NQ/TW", "42/2022/NĐ-CP", "05/2019/TT-BKHCN", "123/QĐ-UBND": a number, an
// optional year, then upper-case parts joined by - or /.
const DOCUMENT_CODE =
  /(?<![\p{L}\p{N}])(\d{1,5})(?:\/(\d{4}))?[-/]([A-ZĐ]{2,6})((?:[-/][A-ZĐ0-9]{1,12})*)(?![\p{L}\p{N}])/gu;

export interface DocumentCode {
  number: string;
  year: string | null;
  /** Folded, lower case: "nd". */
  kind: string;
}

export function findDocumentCodes(text: string): DocumentCode[] {
  const out: DocumentCode[] = [];
  for (const m of text.matchAll(DOCUMENT_CODE)) {
    out.push({ number: m[1]!, year: m[2] ?? null, kind: foldForSearch(m[3]!) });
  }
  return out;
}

/**
 * Extra words indexed beside a text for the document codes it cites, so
 * "nghị định 42" and "nq 22" find "42/2022/NĐ-CP" and "22-NQ/TW". The
 * written code itself is already indexed as its syllables (42 2022 nd cp).
 */
export function documentCodeWords(text: string): string {
  const words: string[] = [];
  for (const code of findDocumentCodes(text)) {
    const kind = DOCUMENT_KINDS[code.kind];
    if (kind) words.push(`${kind} ${code.number}`);
    words.push(`${code.kind} ${code.number}`);
  }
  return words.join(' ; ');
}

// 23/05/2018, 23-5-2018, 23.5.2018 and 5/2018; not the number and year that open a document code (05/2019/TT-BKHCN).
const NUMERIC_DATE =
  /(?<![\p{L}\p{N}]|[/.-]\d*)(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})(?![\p{L}\p{N}]|[/.-][\p{L}\p{N}])/gu;
// "ngày 23 tháng 5 năm 2018", "tháng 5 năm 2018", "tháng 5/2018".
const WORDED_DATE =
  /(?<![\p{L}\p{N}])(?:ngày\s+(\d{1,2})\s+)?tháng\s+(\d{1,2})(?:\s+năm\s+|\/)(\d{4})(?![\p{L}\p{N}])/giu;

const dayOk = (d: string | undefined) => d === undefined || (Number(d) >= 1 && Number(d) <= 31);
const monthOk = (mo: string) => Number(mo) >= 1 && Number(mo) <= 12;

/**
 * Extra words indexed beside a text for the dates in it, each written the other way, so that
 * "ngày 23 tháng 5 năm 2018" finds "23/05/2018" and "23/5/2018" finds the date in words.
 * Numbers lose their leading zeros when indexed (numberTerm), so the padding never matters.
 */
export function dateWords(text: string): string {
  const words: string[] = [];
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const [, d, mo, y] = m as unknown as [string, string | undefined, string, string];
    if (!monthOk(mo) || !dayOk(d)) continue;
    words.push(`${d === undefined ? '' : `ngay ${d} `}thang ${mo} nam ${y}`);
  }
  if (text.includes('th')) {
    for (const m of text.normalize('NFC').matchAll(WORDED_DATE)) {
      const [, d, mo, y] = m as unknown as [string, string | undefined, string, string];
      if (!monthOk(mo) || !dayOk(d)) continue;
      words.push(d === undefined ? `${mo} ${y}` : `${d} ${mo} ${y}`);
    }
  }
  return words.join(' ; ');
}
