import type { AccountDeps } from '../accounts/accounts.service.js';
import type { Site } from '../site/site.js';
import type { SearchCaches } from '../search/search-cache.js';
import type { PageCache } from './page-cache.js';

/** What route modules receive from buildApp. */
export interface WebContext {
  site: Site;
  cache: PageCache;
  /** Search pages and outcomes, bounded apart from `cache` (see search-cache.ts). */
  search: SearchCaches;
  /** Account services' dependencies; the mail link origin is added per request (see accountDeps). */
  accounts: Omit<AccountDeps, 'siteUrl'>;
}
