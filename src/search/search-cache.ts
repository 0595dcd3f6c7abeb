import { PageCache } from '../web/page-cache.js';
import { VersionedLru } from '../web/versioned-lru.js';
import type { SearchOutcome } from './search.service.js';

/**
 * Popular queries answered from memory. Both caches are keyed by what
 * decides the answer, never by the raw URL, so junk parameters, spacing or
 * Unicode forms of one query share an entry; they hold only what the site's
 * content version (Site.version) still vouches for, so publishing, editing,
 * unpublishing or deleting shows on the next request; and both are bounded
 * apart from the page cache, so a flood of distinct queries evicts other
 * queries, never article pages.
 */
export interface SearchCaches {
  /** Whole search pages for guests, keyed by their canonical URL (search.views.ts searchUrl). */
  pages: PageCache;
  /** Search outcomes (page and API, any reader), keyed by searchKey. */
  outcomes: VersionedLru<SearchOutcome>;
}

/** Each page is a few tens of KB with its compressed forms. */
const MAX_PAGES = 1000;
const MAX_PAGE_BYTES = 8 * 1024 * 1024;
/** An outcome is ten results with snippets, a few KB. */
const MAX_OUTCOMES = 2000;

/** Off when the page cache is off (PAGE_CACHE_SECONDS=0), so "every page rendered" stays true. */
export function createSearchCaches(ttlMs: number): SearchCaches {
  return { pages: new PageCache(ttlMs, MAX_PAGES, MAX_PAGE_BYTES), outcomes: new VersionedLru(ttlMs, MAX_OUTCOMES) };
}
