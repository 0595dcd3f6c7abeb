import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Site } from '../site/site.js';
import { anonymousCsrfFieldBytes, type CsrfSettings } from './csrf.js';
import type { FormPage, PageCache, StaticPage } from './page-cache.js';
import { cachedResponse, formPageHeaders } from './pages.js';
import { securityHeaders } from './security-headers.js';

export interface CacheFrontDeps {
  site: Site;
  /** The page caches whose pages guests may get here: public pages, search pages. */
  caches: readonly PageCache[];
  /** Read per request: the settings exist only once the app has registered its auth. */
  csrf: () => CsrfSettings;
}

/**
 * A reverse-proxy style microcache inside the process. A guest's GET for a
 * URL that the router has already answered from the page cache is answered
 * here, before Fastify parses, routes and runs hooks for it: the same bytes
 * and headers (src/web/pages.ts cachedResponse), at a fraction of the cost.
 * Anything else, including every request with a cookie (a session, a guest's
 * own pending comment, a CSRF cookie), goes to the router as before.
 */
export function withCacheFront(deps: CacheFrontDeps, router: RequestListener): RequestListener {
  return (req, res) => {
    if (!answerFromCache(deps, req, res)) router(req, res);
  };
}

function answerFromCache(deps: CacheFrontDeps, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.headers.cookie !== undefined || req.url === undefined) return false;
  const { version } = deps.site;
  const now = Date.now();
  for (const cache of deps.caches) {
    const page = cache.getByUrl(req.url, version, now);
    if (!page || page.status !== 200) continue;
    if (page.kind === 'form') sendFormPage(page, deps.csrf(), res);
    else sendStaticPage(page, req, deps.csrf(), res);
    cache.frontHits++;
    return true;
  }
  return false;
}

function sendStaticPage(page: StaticPage, req: IncomingMessage, csrf: CsrfSettings, res: ServerResponse): void {
  const response = cachedResponse(page, req.headers, csrf);
  const headers: Record<string, string | number> = { ...securityHeaders, ...response.headers };
  if (response.body) headers['content-length'] = response.body.length;
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/**
 * A form page goes out as its parts with the current token between them, in
 * one corked write: with many pages in rotation, joining each one into a new
 * buffer every second cost more than everything else the lane does.
 */
function sendFormPage(page: FormPage, csrf: CsrfSettings, res: ServerResponse): void {
  const field = anonymousCsrfFieldBytes(csrf);
  const length = page.partsLength + field.length * (page.parts.length - 1);
  res.writeHead(page.status, { ...securityHeaders, ...formPageHeaders, 'content-length': length });
  res.cork();
  page.parts.forEach((part, i) => {
    if (i > 0) res.write(field);
    res.write(part);
  });
  res.end();
}
