import { articleUrl } from '../articles/urls.js';
import type { Category, CategoryTree } from '../categories/category-tree.js';
import { badRequest } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { parseVnDateTime } from '../vi/dates.js';
import { htmlToText } from './html-text.js';
import { highlight, matchSpans, snippetOf } from './highlight.js';
import { parseSearchQuery, type ParsedQuery } from './query.js';
import type { VersionedLru } from '../web/versioned-lru.js';
import type { SearchFilters, SearchSort } from './search-index.js';
import { applyCorrections, SUGGEST_BELOW, suggestQuery, type Corrections } from './suggest.js';
import type { SafeHtml } from '../web/html.js';

export const SEARCH_PAGE_SIZE = 10;

export interface SearchInput {
  q: string;
  page: number;
  categorySlug?: string;
  /** yyyy-mm-dd, days in Vietnam time, both inclusive. */
  from?: string;
  to?: string;
  sort: SearchSort;
}

export interface SearchResult {
  id: number;
  title: string;
  url: string;
  published_at: string;
  category: Category | undefined;
  snippet: string;
  titleHtml: SafeHtml;
  snippetHtml: SafeHtml;
}

export interface SearchOutcome {
  /** Null when the query had nothing to search for (empty, only punctuation). */
  query: ParsedQuery | null;
  category: Category | undefined;
  total: number;
  /** True when `total` is a lower bound (broad queries stop counting). */
  capped: boolean;
  /** A corrected query to offer when this one found little (suggest.ts); never searched instead. */
  suggestion: string | null;
  /** What the suggestion is made of, shared by every spelling of the query (a cache entry's part). */
  corrections: Corrections | null;
  totalPages: number;
  results: SearchResult[];
}

/** Midnight starting a Vietnamese calendar day, as a UTC instant; null if the day does not exist. */
function vnDayStart(day: string, plusDays = 0): string | null {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  check.setUTCDate(check.getUTCDate() + plusDays);
  const dd = String(check.getUTCDate()).padStart(2, '0');
  const mm = String(check.getUTCMonth() + 1).padStart(2, '0');
  return parseVnDateTime(`00:00 ${dd}/${mm}/${check.getUTCFullYear()}`);
}

/** With `cache`, a query answered since the content last changed is answered from memory. */
export async function searchArticles(
  site: Site,
  input: SearchInput,
  cache?: VersionedLru<SearchOutcome>,
): Promise<SearchOutcome> {
  const tree = await site.categories();
  const category = input.categorySlug ? tree.getBySlug(input.categorySlug) : undefined;
  if (input.categorySlug && !category) throw badRequest(m.search.unknownCategory);
  const from = input.from === undefined ? undefined : vnDayStart(input.from);
  const to = input.to === undefined ? undefined : vnDayStart(input.to, 1);
  if (from === null || to === null) throw badRequest(m.search.invalidDate);

  const query = parseSearchQuery(input.q);
  if (!query)
    return {
      query,
      category,
      total: 0,
      capped: false,
      suggestion: null,
      corrections: null,
      totalPages: 0,
      results: [],
    };
  if (!cache) return runSearch(site, tree, query, category, from, to, input);
  const key = searchKey(query, { categoryId: category?.id, from, to, sort: input.sort, page: input.page });
  // The version is read before searching: a change committed meanwhile makes this entry stale at once.
  const version = site.version;
  const hit = cache.get(key, version, Date.now());
  if (hit) return { ...hit, suggestion: applyCorrections(input.q, hit.corrections) };
  const outcome = await runSearch(site, tree, query, category, from, to, input);
  cache.set(key, outcome, version, Date.now());
  return outcome;
}

async function runSearch(
  site: Site,
  tree: CategoryTree,
  query: ParsedQuery,
  category: Category | undefined,
  from: string | undefined,
  to: string | undefined,
  input: SearchInput,
): Promise<SearchOutcome> {
  const filters: SearchFilters = {
    now: site.now().toISOString(),
    categoryId: category?.id,
    from,
    to,
    sort: input.sort,
    limit: SEARCH_PAGE_SIZE,
    offset: (input.page - 1) * SEARCH_PAGE_SIZE,
    version: site.version,
  };
  const { total, capped, hits } = await site.db.search.search(site.db.kysely, query, filters);
  const corrections =
    total < SUGGEST_BELOW && input.page === 1
      ? await suggestQuery(site.db.kysely, site.db.search, input.q, query, filters, total)
      : null;
  const results = hits.map((h): SearchResult => {
    const cat = tree.get(h.category_id);
    // The sapo is the best snippet when it matches; otherwise the body around the first match.
    const source = matchSpans(h.sapo, query, 1).length ? h.sapo : htmlToText(h.body_html) || h.sapo;
    const snippet = snippetOf(source, query);
    return {
      id: h.id,
      title: h.title,
      url: articleUrl(cat?.slug ?? 'bai-viet', h.slug, h.id),
      published_at: h.published_at,
      category: cat,
      snippet: snippet.text,
      titleHtml: highlight(h.title, query),
      snippetHtml: highlight(snippet.text, query, snippet.spans),
    };
  });
  return {
    query,
    category,
    total,
    capped,
    suggestion: applyCorrections(input.q, corrections),
    corrections,
    totalPages: Math.ceil(total / SEARCH_PAGE_SIZE),
    results,
  };
}

/**
 * What decides a search's outcome: the folded terms and their grouping, the
 * marks typed (they change the ranking: "má" is not "ma"), the filters, the
 * sort and the page. Raw spelling that the parser folds away is not in it.
 */
export function searchKey(
  query: ParsedQuery,
  f: { categoryId: number | undefined; from: string | undefined; to: string | undefined; sort: string; page: number },
): string {
  return JSON.stringify([
    query.groups.map((g) => g.terms),
    query.prefix,
    query.markKeys,
    f.categoryId ?? null,
    f.from ?? null,
    f.to ?? null,
    f.sort,
    f.page,
  ]);
}

// The văn bản library searches with the same parser and folding (src/documents).
export { documentScore, documentSearchText, parseDocumentQuery } from './document-search.js';
