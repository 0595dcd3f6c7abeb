import type { FastifyRequest } from 'fastify';
import type { AccountDeps, Origin } from './accounts/accounts.service.js';
import type { SearchCaches } from './search/search-cache.js';
import type { Site } from './site/site.js';
import type { JsonApi } from './web/api.js';
import type { PageCache } from './web/page-cache.js';

/** What route modules receive from buildApp. */
export interface WebContext {
  site: Site;
  cache: PageCache;
  /** Search pages and outcomes, bounded apart from `cache` (see search-cache.ts). */
  search: SearchCaches;
  /** Account services' dependencies; the mail link origin is added per request (see accountDeps). */
  accounts: Omit<AccountDeps, 'siteUrl'>;
  /** The JSON API's routes (src/web/api.ts): a module adds one with `ctx.api.get(app, route)`. */
  api: JsonApi;
}

export function originOf(request: FastifyRequest): Origin {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}

/** Links in mail point at the site's configured origin, never at the request's Host (src/web/site-origin.ts). */
export function accountDeps(ctx: WebContext, _request?: FastifyRequest): AccountDeps {
  return { ...ctx.accounts, siteUrl: ctx.site.origin.value };
}
