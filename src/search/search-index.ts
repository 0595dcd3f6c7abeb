/**
 * The one interface both search back ends implement (sqlite-index.ts,
 * postgres-index.ts). The index holds published articles only, and every
 * search checks published_at, so a scheduled article is not found before
 * its time.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { dateWords, documentCodeWords, foldTerm, searchTerms } from '../vi/search-text.js';
import { htmlToText } from './html-text.js';
import type { ParsedQuery } from './query.js';

export type Db = Kysely<Database> | Transaction<Database>;

export interface IndexedDocument {
  articleId: number;
  title: { folded: string; marks: string };
  body: { folded: string; marks: string };
  /**
   * Its words as written (lower case, canonical tone placement), for search_vocabulary: typo
   * suggestions come from them (suggest.ts). Folded only when written (unwrittenVocabulary):
   * most are written already by an earlier article.
   */
  vocabulary: ReadonlySet<string>;
}

/** Documents ready to be written (SearchIndex.prepare). */
export interface IndexWrite {
  write(db: Db, fresh?: ReadonlySet<number>): Promise<void>;
}

export interface VocabularyEntry {
  /** Lower case, canonical tone placement: "quyết". */
  form: string;
  folded: string;
}

export type SearchSort = 'relevance' | 'newest';

export interface SearchFilters {
  /** ISO instant: only articles published at or before it. */
  now: string;
  /** A category or any of its children. */
  categoryId?: number;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  sort: SearchSort;
  limit: number;
  offset: number;
  /** How many matches a broad query ranks among (WINDOW); tests make it small. */
  window?: number;
  /**
   * The site's content version (Site.version), bumped by every change of published content: the
   * search keeps the articles' publication times (on SQLite, categories too) in memory while it stays
   * the same (published-times.ts).
   * Without it they are read for each search.
   */
  version?: number;
}

export interface SearchHit {
  id: number;
  title: string;
  slug: string;
  sapo: string;
  body_html: string;
  category_id: number;
  published_at: string;
}

export interface SearchPage {
  /** Exact, unless `capped`: then at least this many match. */
  total: number;
  capped: boolean;
  hits: SearchHit[];
}

export interface SearchIndex {
  /** Called by the search migration, so the migration itself never branches on dialect. */
  createSchema(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 011: what later made search fast (SQLite), filled from the existing index. */
  createSpeedups(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 012: headlines indexed on their own (SQLite), filled for the articles already indexed. */
  createTitleIndex(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 050: each article's headline and first words apart, for ranking (PostgreSQL), filled from the index. */
  createLeadIndex(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 059: short prefixes and id blocks in the index (PostgreSQL), made from the vectors there. */
  addPrefixesAndBlocks(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 060: the database functions the search calls (PostgreSQL), made again as the code has them. */
  replaceLookups(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 061: one index over both vectors of an article (PostgreSQL), in place of one each. */
  mergeVectorIndexes(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 062: the status and time of a window's articles read from an index (PostgreSQL; SQLite's is from 011). */
  createWindowIndex(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 063: a filtered search's window found range by range as the unfiltered one (PostgreSQL). */
  createFilteredLookups(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 064: signatures of adjacent words, tested before a phrase is read from a vector (PostgreSQL). */
  addPhrasePairs(db: Kysely<unknown>): Promise<void>;
  /** Called by migration 065: each article's words and positions in a row of their own, for phrases (PostgreSQL). */
  addPhraseVectors(db: Kysely<unknown>): Promise<void>;
  upsert(db: Db, doc: IndexedDocument): Promise<void>;
  /** Many at once, in one statement per table; `fresh` names articles known to have no entry yet. */
  upsertMany(db: Db, docs: readonly IndexedDocument[], fresh?: ReadonlySet<number>): Promise<void>;
  /**
   * upsertMany in two steps: what is sent made now, written later. A rebuild makes the next batch's
   * while the database writes this one (reindex.ts).
   */
  prepare(docs: readonly IndexedDocument[]): IndexWrite;
  remove(db: Db, articleId: number): Promise<void>;
  removeMany(db: Db, articleIds: readonly number[]): Promise<void>;
  clear(db: Db): Promise<void>;
  /** After a rebuild: compact the index (SQLite) or refresh planner statistics (PostgreSQL). */
  optimize(db: Db): Promise<void>;
  search(db: Db, query: ParsedQuery, filters: SearchFilters): Promise<SearchPage>;
  /** How many indexed articles hold a folded term, or a mark key (markKey), counting no further than `cap`. */
  countTerm(db: Db, term: { folded: string } | { markKey: string }, cap: number): Promise<number>;
}

/**
 * Relevance ranks among this many of the newest matches, on both back ends:
 * ranking every match of a common word cost about a second at 100,000
 * articles (SQLite's bm25, PostgreSQL's scan of every tsvector), and a news
 * reader wants recent articles anyway. When a query has more matches, its
 * total is a lower bound. A category or date filter is applied while the
 * window is taken, so old articles stay findable by narrowing the dates.
 */
export const WINDOW = 2000;

/** A category or a date range: then the window is of the matches that pass them, not of all matches. */
export function isFiltered(f: SearchFilters): boolean {
  return f.categoryId !== undefined || f.from !== undefined || f.to !== undefined;
}

/**
 * Words already written to search_vocabulary through one transaction (or, outside one, one
 * connection handle): a rebuild meets the same few thousand words in every article, and writing
 * each again cost PostgreSQL a third of its indexing rate. Kept per transaction object, so what a
 * rolled-back transaction wrote is forgotten with it.
 */
const vocabularyWritten = new WeakMap<object, Set<string>>();

/** The words of these documents that this transaction has not written yet; they count as written from now. */
export function unwrittenVocabulary(db: Db, docs: readonly IndexedDocument[]): VocabularyEntry[] {
  let seen = vocabularyWritten.get(db);
  if (!seen) vocabularyWritten.set(db, (seen = new Set()));
  const out: string[] = [];
  for (const d of docs)
    for (const form of d.vocabulary)
      if (!seen.has(form)) {
        seen.add(form);
        out.push(form);
      }
  // Sorted: concurrent writers on PostgreSQL then take the vocabulary's row locks in one order.
  return out.sort().map((form) => ({ form, folded: foldTerm(form) }));
}

/** After the vocabulary is emptied: everything must be written again. */
export function forgetVocabulary(db: Db): void {
  vocabularyWritten.delete(db);
}

/** Very long bodies are indexed up to here; PostgreSQL caps a tsvector at 1 MB. */
const MAX_INDEXED_CHARS = 300_000;

export function buildIndexedDocument(a: {
  id: number;
  title: string;
  sapo: string;
  body_html: string;
  /** htmlToText of the body, when the caller has it already. */
  text?: string;
}): IndexedDocument {
  const body = `${a.sapo}\n${a.text ?? htmlToText(a.body_html)}`.slice(0, MAX_INDEXED_CHARS);
  const forms = new Set<string>();
  return {
    articleId: a.id,
    title: indexedTitle(a.title, forms),
    body: searchTerms(`${body} ; ${documentCodeWords(body)} ; ${dateWords(body)}`, forms),
    vocabulary: forms,
  };
}

/** A headline's terms as the index holds them, with the words its document codes and dates stand for. */
export function indexedTitle(title: string, forms?: Set<string>): { folded: string; marks: string } {
  return searchTerms(`${title} ; ${documentCodeWords(title)} ; ${dateWords(title)}`, forms);
}
