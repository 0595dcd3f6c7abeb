import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Site } from '../site/site.js';
import type { CsrfSettings } from './csrf.js';
import type { PageCache } from './page-cache.js';
import { cachedResponse, type CachedResponse } from './pages.js';
import { securityHeaders, strictTransportSecurity } from './security-headers.js';

export interface CacheFrontDeps {
  site: Site;
  /** The page caches whose pages guests may get here: public pages, search pages. */
  caches: readonly PageCache[];
  /** Read per request: the settings exist only once the app has registered its auth. */
  csrf: () => CsrfSettings;
  /** TRUST_PROXY is set: a proxy's X-Forwarded-Proto may make a request https, which the router decides. */
  trustProxy: boolean;
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
  // A foreign Host goes to the router for its 400; so does a maybe-https request the router must mark.
  const { origin } = deps.site;
  if (!origin.acceptsHost(req.headers.host)) return false;
  if (!origin.https && deps.trustProxy && req.headers['x-forwarded-proto'] !== undefined) return false;
  const { version } = deps.site;
  const now = Date.now();
  for (const cache of deps.caches) {
    const page = cache.getByUrl(req.url, version, now);
    if (!page || page.status !== 200) continue;
    send(cachedResponse(page, req.headers, deps.csrf()), res, origin.https);
    cache.frontHits++;
    return true;
  }
  return false;
}

/** One write of one buffer with headers made once per answer: as close to a bare node:http server as the headers allow. */
function send(response: CachedResponse, res: ServerResponse, https: boolean): void {
  response.frontHeaders ??= {
    ...securityHeaders,
    ...(https ? strictTransportSecurity : {}),
    ...response.headers,
    ...(response.body ? { 'content-length': response.body.length } : {}),
  };
  res.writeHead(response.status, response.frontHeaders);
  res.end(response.body);
}
