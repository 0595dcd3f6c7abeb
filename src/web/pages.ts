import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/availability.js';
import { compressPage, compressPageQuickly, pickEncoding, type Encoding } from './compression.js';
import { anonymousCsrfFieldBytes, fillCsrf, type CsrfSettings } from './csrf.js';
import { layout, type MenuEntry, type PageMeta, type ShellSettings, type StaffBar, type Viewer } from './layout.js';
import type { SafeHtml } from './html.js';
import { encodePage, type CachedPage, type CachedResponse, type PageCache, type StaticPage } from './page-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The staff bar for a signed-in viewer, or null when they are not staff (set by the app, src/app.ts). */
    staffBar: ((request: FastifyRequest) => Promise<StaffBar | null>) | null;
  }
}

export interface RenderedPage {
  status?: number;
  meta: PageMeta;
  body: SafeHtml;
  staffNote?: SafeHtml;
}

/** What pages need of the site: its shell, and a version that every change bumps (src/site's Site is one). */
export interface PageSite {
  readonly version: number;
  settings(): Promise<ShellSettings>;
  categories(): Promise<{ menu: readonly MenuEntry[] }>;
}

/** What a public page's render gives: the page, or a permanent redirect to where it now lives (never cached). */
export type PublicRender = RenderedPage | { redirect: string };

/** Wraps a page body in the site layout. */
export async function renderLayout(
  site: PageSite,
  page: RenderedPage,
  viewer: Viewer | null = null,
  staffBar: StaffBar | null = null,
): Promise<string> {
  const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
  return layout({ settings, menu: tree.menu, viewer, staffBar, staffNote: page.staffNote }, page.meta, page.body);
}

/**
 * Serves a public page from the cache, or renders it and stores it. `key` is
 * the canonical form of the request (not the raw URL), so junk query strings
 * cannot fill the cache. Only guests share the cache: a signed-in request, or
 * a `personal` one (a guest's page that shows their own pending comment), is
 * rendered for its reader and never stored.
 */
export async function sendPublicPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { site: PageSite; cache: PageCache },
  key: string,
  render: () => Promise<PublicRender>,
  opts: {
    personal?: boolean;
    /**
     * The query parameters the route reads. A URL with no others stands for
     * `key` however it is spelled (a search form sends '+' for spaces and its
     * empty fields), so the front lane may answer it too; any other parameter
     * (utm_source=…) keeps a URL to the router, so junk cannot fill the map.
     */
    params?: readonly string[];
    /** How long a CDN or the proxy may keep the page when it has no form: lists change more often than an article. */
    shared?: keyof typeof SHARED_MAX_AGE;
  } = {},
): Promise<FastifyReply> {
  if (request.actor || opts.personal) {
    const rendered = await render();
    return 'redirect' in rendered
      ? reply.redirect(rendered.redirect, 301)
      : sendPrivatePage(request, reply, deps.site, rendered);
  }
  const now = Date.now();
  const version = deps.site.version;
  let page = deps.cache.get(key, version, now);
  if (!page) {
    try {
      const rendered = await render();
      if ('redirect' in rendered) return reply.redirect(rendered.redirect, 301);
      page = encodePage(
        rendered.status ?? 200,
        await renderLayout(deps.site, rendered),
        anonymousCsrfFieldBytes(request.server.csrf),
      );
      if (page.kind === 'static') page.maxAge = SHARED_MAX_AGE[opts.shared ?? 'list'];
      deps.cache.set(key, page, version, now);
    } catch (err) {
      // While the database is away, the last good copy beats a 503 for a reader.
      const stale = isDatabaseUnavailable(err) ? deps.cache.getStale(key, version) : undefined;
      if (!stale) throw err;
      page = stale;
    }
  }
  // The front lane may answer this exact URL next time: see opts.params.
  if (
    page.status === 200 &&
    (request.url === key || !request.url.includes('?') || onlyParams(request.query, opts.params))
  )
    deps.cache.alias(request.url, key);
  const response = cachedResponse(page, request.headers, request.server.csrf);
  return reply.code(response.status).headers(response.headers).send(response.body);
}

/** Seconds a shared cache may keep a guest's page without a form (README: Cache-Control). */
export const SHARED_MAX_AGE = { list: 60, article: 300 } as const;

function onlyParams(query: unknown, params: readonly string[] | undefined): boolean {
  return (
    params !== undefined &&
    typeof query === 'object' &&
    query !== null &&
    Object.keys(query).every((name) => params.includes(name))
  );
}

/**
 * What a guest gets for a cached page: shared by the router and by the front
 * lane (src/web/cache-front.ts), so both answer with the same bytes. Each
 * answer is built once and kept on the page: the lane sends thousands a
 * second, and per-request header objects were a tenth of its cost.
 */
export function cachedResponse(
  page: CachedPage,
  requestHeaders: { 'if-none-match'?: string; 'accept-encoding'?: string },
  csrf: CsrfSettings,
): CachedResponse {
  const encoding = pickEncoding(requestHeaders['accept-encoding']);
  if (page.kind === 'form') {
    // The form's token changes every second, so the page is joined (and compressed) at most once a second and not stored by others.
    const field = anonymousCsrfFieldBytes(csrf);
    let filled = page.filled;
    if (filled?.field !== field) filled = page.filled = { field };
    const joined = () =>
      filled.identity?.body ?? (page.joined?.field === field ? page.joined.body : joinWithField(page.parts, field));
    if (!encoding) return (filled.identity ??= { status: page.status, headers: formPageHeaders, body: joined() });
    // Only the compressed copy is kept for a browser: the joined page it was made from would be a
    // second whole copy of the page each second, which the cache's byte bound does not count.
    return (filled[encoding] ??= {
      status: page.status,
      headers: compressedFormPageHeaders[encoding],
      body: compressPageQuickly(joined(), encoding),
    });
  }
  const { responses } = page;
  if (page.status === 200 && requestHeaders['if-none-match'] === page.etag) {
    return (responses['not-modified'] ??= { status: 304, headers: staticPageHeaders(page, null), body: undefined });
  }
  if (!encoding)
    return (responses.identity ??= { status: page.status, headers: staticPageHeaders(page, null), body: page.body });
  // Compressed once per cached page and kept beside it: browsers get a fifth of the bytes for no extra work.
  return (responses[encoding] ??= {
    status: page.status,
    headers: staticPageHeaders(page, encoding),
    body: compressPage(page.body, encoding),
  });
}

function joinWithField(parts: readonly Buffer[], field: Buffer): Buffer {
  const chunks: Buffer[] = [];
  parts.forEach((part, i) => (i === 0 ? chunks.push(part) : chunks.push(field, part)));
  return Buffer.concat(chunks);
}

function staticPageHeaders(page: StaticPage, encoding: Encoding | null): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    etag: page.etag,
    // A CDN or the proxy may keep it a short while; after that, revalidation is cheap with the ETag.
    'cache-control': page.maxAge ? `public, max-age=${page.maxAge}` : 'public, no-cache',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  };
}

/** A guest's page with a form: the same for every guest this second, so only revalidated, never stored by others. */
export const formPageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'private, no-cache',
  vary: 'accept-encoding',
};
const compressedFormPageHeaders: Readonly<Record<Encoding, Readonly<Record<string, string>>>> = {
  br: { ...formPageHeaders, 'content-encoding': 'br' },
  gzip: { ...formPageHeaders, 'content-encoding': 'gzip' },
};

/** A page for one reader (forms, account pages): rendered every time and never stored by anyone. */
export async function sendPrivatePage(
  request: FastifyRequest,
  reply: FastifyReply,
  site: PageSite,
  page: RenderedPage,
): Promise<FastifyReply> {
  // Only here, in a page for one person that nobody stores, may the staff bar appear.
  const bar = request.actor && request.server.staffBar ? await request.server.staffBar(request) : null;
  const text = await renderLayout(site, page, request.actor, bar);
  const full = fillCsrf(request, reply, text);
  return reply
    .code(page.status ?? 200)
    .header('cache-control', 'private, no-store')
    .type('text/html; charset=utf-8')
    .send(full);
}
