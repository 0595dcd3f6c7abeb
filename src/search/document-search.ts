/**
 * Search over the văn bản library with the articles' own query parser and
 * folding, so the same query means the same thing on both. The library is
 * small (thousands of documents, not hundreds of thousands of articles): its
 * rows carry their folded terms, the database narrows with LIKE on them (the
 * same on SQLite and PostgreSQL), and the few candidates are ranked here,
 * code matches first.
 */
import { documentCodeWords, searchTerms } from '../vi/search-text.js';
import { parseSearchQuery, type ParsedQuery } from './query.js';

/** Long full texts are searchable up to here. */
const MAX_FULL_TEXT = 200_000;

export interface SearchableDocument {
  code: string;
  typeName: string;
  summary: string;
  issuer: string;
  field: string;
  signer: string;
  fullText: string;
}

/**
 * The folded terms a document is found by. The code is written with its type
 * and "số" ("nghị định số 42 2022 nd cp") and with the words its abbreviation
 * stands for ("nghị định 42"), so every way readers type it is a phrase here.
 */
export function documentSearchText(d: SearchableDocument): string {
  const head = `${d.typeName} số ${d.code} ; ${documentCodeWords(d.code)}`;
  const rest = [d.summary, d.issuer, d.field, d.signer, d.fullText.slice(0, MAX_FULL_TEXT)].join(' ; ');
  return ` ${searchTerms(`${head} ; ${rest}`).folded} `;
}

export interface DocumentQuery {
  parsed: ParsedQuery;
  /** LIKE patterns over search_text; a document must match them all. */
  patterns: string[];
}

/** Null when the query has nothing to search for. */
export function parseDocumentQuery(raw: string): DocumentQuery | null {
  const parsed = parseSearchQuery(raw);
  if (!parsed) return null;
  // Terms are [a-z0-9] only, so nothing in them is LIKE syntax.
  const patterns = parsed.groups.map((g, i) => {
    const last = i === parsed.groups.length - 1;
    return `% ${g.terms.join(' ')}${last && parsed.prefix ? '' : ' '}%`;
  });
  return { parsed, patterns };
}

/**
 * How well a matching document answers the query: a query whose numbers are
 * all the code's numbers, and whose other words are the code's letters or its
 * type, is asking for that document ("42 2022 nd cp", "nđ-cp 42"); one that
 * finds the numbers only apart, in the summary or full text, ranks below.
 */
export function documentScore(q: DocumentQuery, d: { code: string; typeName: string }): number {
  const codeTerms = searchTerms(`${d.code} ${d.typeName} số ${documentCodeWords(d.code)}`).folded.split(' ');
  const codeNumbers = codeTerms.filter((t) => /^\d+$/.test(t)).map((t) => String(Number(t)));
  const words = q.parsed.words;
  const numbers = words.filter((t) => /^\d+$/.test(t)).map((t) => String(Number(t)));
  let score = 0;
  for (const w of words) if (codeTerms.includes(w)) score += 10;
  if (numbers.length && numbers.every((n) => codeNumbers.includes(n))) score += 100;
  // The first number typed is the document's own number, not just its year.
  if (numbers.length && numbers[0] === codeNumbers[0]) score += 50;
  return score;
}
