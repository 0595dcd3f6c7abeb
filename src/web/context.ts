import type { Site } from '../site/site.js';
import type { PageCache } from './page-cache.js';

/** What route modules receive from buildApp. */
export interface WebContext {
  site: Site;
  cache: PageCache;
}
