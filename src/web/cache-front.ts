import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { anonymousCsrfFieldBytes, type CsrfSettings } from './csrf.js';
import type { CachedResponse, FormPage, PageCache } from './page-cache.js';
import { cachedResponse, formPageHeaders } from './pages.js';
import { securityHeaders, strictTransportSecurity } from './security-headers.js';
import type { SiteOrigin } from './site-origin.js';

export interface CacheFrontDeps {
  /** The site's version: a cached page is good only for the version it was made at. */
  site: { readonly version: number; readonly origin: SiteOrigin };
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
    // A client that asks for no compression (not a browser) gets a form page's parts; the rest, built answers.
    if (page.kind === 'form' && req.headers['accept-encoding'] === undefined)
      sendForm(page, anonymousCsrfFieldBytes(deps.csrf()), res, origin.https);
    else send(cachedResponse(page, req.headers, deps.csrf()), res, origin.https);
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

/**
 * A plain form page as its parts with the current field between them, written
 * in one tick (node:http corks the socket, so it is one writev): no copy of
 * the page joined each second, and headers made once per page, since the
 * field's length does not change from one second to the next.
 */
function sendForm(page: FormPage, field: Buffer, res: ServerResponse, https: boolean): void {
  const { parts } = page;
  let front = page.front;
  if (front?.fieldLength !== field.length) {
    const length = parts.reduce((n, part) => n + part.length, 0) + (parts.length - 1) * field.length;
    const headers = {
      ...securityHeaders,
      ...(https ? strictTransportSecurity : {}),
      ...formPageHeaders,
      'content-length': length,
    };
    front = page.front = { fieldLength: field.length, headers };
  }
  res.writeHead(page.status, front.headers);
  const last = parts.length - 1;
  for (let i = 0; i < last; i++) {
    res.write(parts[i]);
    res.write(field);
  }
  res.end(parts[last]);
}
