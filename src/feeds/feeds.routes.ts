import type { FastifyInstance, FastifyReply } from 'fastify';
import { listInCategory, listLatest } from '../articles/articles.service.js';
import { articleHref } from '../articles/articles.views.js';
import { categoryUrl } from '../articles/urls.js';
import { documentSitemapEntries } from '../documents/documents.service.js';
import { notFound } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import { orgSitemapPaths } from '../organisation/organisation.service.js';
import type { WebContext } from '../app-context.js';
import { sendPublicPage } from '../web/pages.js';
import { listPublishedBetween, listPublishedInIdRange, maxArticleId, SITEMAP_CHUNK } from './feeds.repo.js';
import { feedsPage, newsUrlSet, rssFeed, sitemapIndex, urlSet, type FeedLink } from './feeds.views.js';

const FEED_SIZE = 30;
/** Google News reads articles of the last two days, at most 1,000 of them. */
const NEWS_WINDOW_MS = 2 * 24 * 3600 * 1000;
const NEWS_LIMIT = 1000;

export async function feedRoutes(app: FastifyInstance, ctx: WebContext) {
  const { site } = ctx;

  /** Feeds need absolute links: the configured origin, never the request's Host. */
  async function origin(): Promise<string> {
    return site.origin.value;
  }

  function sendXml(reply: FastifyReply, type: string, body: string) {
    return reply.type(`${type}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body);
  }

  app.get('/rss.xml', async (_request, reply) => {
    const [base, settings, tree] = await Promise.all([origin(), site.settings(), site.categories()]);
    const rows = await listLatest(site.db.kysely, { now: site.now().toISOString(), limit: FEED_SIZE });
    const items = rows.map((article) => ({ article, url: base + articleHref(tree, article) }));
    const channel = {
      title: settings.name,
      description: settings.description,
      link: `${base}/`,
      selfUrl: `${base}/rss.xml`,
    };
    return sendXml(reply, 'application/rss+xml', rssFeed(channel, items));
  });

  app.get<{ Params: { categorySlug: string } }>('/:categorySlug/rss.xml', async (request, reply) => {
    const [base, settings, tree] = await Promise.all([origin(), site.settings(), site.categories()]);
    const category = tree.getBySlug(request.params.categorySlug);
    if (!category) throw notFound(m.errors.categoryNotFound);
    const rows = await listInCategory(site.db.kysely, {
      categoryId: category.id,
      isRoot: category.parent === null,
      now: site.now().toISOString(),
      limit: FEED_SIZE,
    });
    const items = rows.map((article) => ({ article, url: base + articleHref(tree, article) }));
    const channel = {
      title: `${category.name} - ${settings.name}`,
      description: category.description || settings.description,
      link: base + categoryUrl(category.slug),
      selfUrl: `${base}/${category.slug}/rss.xml`,
    };
    return sendXml(reply, 'application/rss+xml', rssFeed(channel, items));
  });

  // The index lists one file per slice of 5,000 ids, so no sitemap request reads more than a slice.
  app.get('/sitemap.xml', async (_request, reply) => {
    const base = await origin();
    const slices = Math.floor((await maxArticleId(site.db.kysely)) / SITEMAP_CHUNK) + 1;
    const files = [`${base}/sitemap/trang.xml`, `${base}/sitemap/tin-moi.xml`, `${base}/sitemap/van-ban.xml`];
    for (let i = 0; i < slices; i++) files.push(`${base}/sitemap/bai-viet-${i + 1}.xml`);
    return sendXml(reply, 'application/xml', sitemapIndex(files));
  });

  app.get<{ Params: { file: string } }>('/sitemap/:file', async (request, reply) => {
    const [base, tree] = await Promise.all([origin(), site.categories()]);
    if (request.params.file === 'trang.xml') {
      const cats = tree.roots.flatMap((r) => [r, ...r.children]);
      const orgPaths = await orgSitemapPaths(site.db);
      return sendXml(
        reply,
        'application/xml',
        urlSet([
          { url: `${base}/` },
          ...cats.map((c) => ({ url: base + categoryUrl(c.slug) })),
          ...orgPaths.map((p) => ({ url: base + p })),
        ]),
      );
    }
    if (request.params.file === 'van-ban.xml') {
      const entries = await documentSitemapEntries(site);
      return sendXml(
        reply,
        'application/xml',
        urlSet(entries.map((d) => ({ url: base + d.path, lastmod: d.lastmod }))),
      );
    }
    if (request.params.file === 'tin-moi.xml') {
      const [settings, now] = [await site.settings(), site.now()];
      const since = new Date(now.getTime() - NEWS_WINDOW_MS).toISOString();
      const rows = await listPublishedBetween(site.db.kysely, since, now.toISOString(), NEWS_LIMIT);
      const entries = rows.map((a) => ({
        url: base + articleHref(tree, a),
        title: a.title,
        publishedAt: a.published_at,
      }));
      return sendXml(reply, 'application/xml', newsUrlSet(settings.name, entries));
    }
    const match = /^bai-viet-(\d{1,6})\.xml$/.exec(request.params.file);
    const slice = match ? Number(match[1]) : 0;
    if (slice < 1) throw notFound(m.errors.notFound);
    const rows = await listPublishedInIdRange(
      site.db.kysely,
      (slice - 1) * SITEMAP_CHUNK,
      slice * SITEMAP_CHUNK,
      site.now().toISOString(),
    );
    const entries = rows.map((a) => ({ url: base + articleHref(tree, a), lastmod: a.updated_at.slice(0, 10) }));
    return sendXml(reply, 'application/xml', urlSet(entries));
  });

  app.get('/rss', (request, reply) =>
    sendPublicPage(request, reply, ctx, '/rss', async () => {
      const [base, settings, tree] = await Promise.all([origin(), site.settings(), site.categories()]);
      const feedOf = (c: { name: string; slug: string }): FeedLink => ({
        title: c.name,
        url: `${base}/${c.slug}/rss.xml`,
      });
      const categories = tree.roots.map((r) => ({ ...feedOf(r), children: r.children.map(feedOf) }));
      return {
        meta: { title: m.feeds.title, canonicalPath: '/rss' },
        body: feedsPage({ title: `${m.feeds.whole} - ${settings.name}`, url: `${base}/rss.xml` }, categories),
      };
    }),
  );
}
