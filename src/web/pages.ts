import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../site/site.js';
import { layout, type PageMeta } from './layout.js';
import type { SafeHtml } from './html.js';
import type { PageCache } from './page-cache.js';

export interface RenderedPage {
  status?: number;
  meta: PageMeta;
  body: SafeHtml;
}

/** Wraps a page body in the site layout. */
export async function renderLayout(site: Site, page: RenderedPage): Promise<string> {
  const [settings, tree] = await Promise.all([site.settings(), site.categories()]);
  return layout({ settings, menu: tree.menu }, page.meta, page.body);
}

/**
 * Serves a public page from the cache, or renders it and stores it. `key` is
 * the canonical form of the request (not the raw URL), so junk query strings
 * cannot fill the cache.
 */
export async function sendPublicPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { site: Site; cache: PageCache },
  key: string,
  render: () => Promise<RenderedPage>,
): Promise<FastifyReply> {
  const now = Date.now();
  const version = deps.site.version;
  let page = deps.cache.get(key, version, now);
  if (!page) {
    const rendered = await render();
    page = deps.cache.set(key, rendered.status ?? 200, await renderLayout(deps.site, rendered), version, now);
  }
  reply.header('etag', page.etag).header('cache-control', 'public, no-cache').type('text/html; charset=utf-8');
  if (page.status === 200 && request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.code(page.status).send(page.body);
}
