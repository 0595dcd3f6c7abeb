import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebContext } from '../app-context.js';
import { notFound } from '../errors.js';
import { createMediaDeps } from '../media/media.service.js';
import { messages as m } from '../messages/vi.js';
import { assets } from '../web/assets.js';
import { html, trustedHtml } from '../web/html.js';
import { selfContained, savedFileName } from './article-copies.js';
import { findPublishedArticle } from './articles.repo.js';
import { coverOf } from './covers.js';
import { printDocument, type PrintInput } from './print.views.js';
import { articleUrl, parseArticleFile, printUrl, saveUrl } from './urls.js';

type Params = { Params: { categorySlug: string; file: string } };

/** Images in a printed page load at once: a printer or a PDF does not scroll to them. */
const eagerImages = (body: string) => body.replaceAll(' loading="lazy"', '');

/** "In bài viết" and "Lưu bài viết": the article alone, for paper and for keeping. */
export async function articleCopyRoutes(app: FastifyInstance, ctx: WebContext) {
  const { site } = ctx;
  const store = createMediaDeps(site.db, site.config, site.now).store;

  /** The article and what both copies show, or the copy's address under the article's current canonical path. */
  async function load(params: Params['Params'], copyUrl: (path: string) => string, reply: FastifyReply) {
    const parsed = parseArticleFile(params.file);
    if (!parsed) throw notFound(m.errors.notFound);
    const [tree, settings] = await Promise.all([site.categories(), site.settings()]);
    const article = await findPublishedArticle(site.db.kysely, parsed.id, site.now().toISOString());
    const category = article && tree.get(article.category_id);
    if (!article || !category) throw notFound(m.errors.articleNotFound);
    const canonical = articleUrl(category.slug, article.slug, article.id);
    if (canonical !== `/${params.categorySlug}/${params.file}`) {
      return { redirect: reply.redirect(copyUrl(canonical), 301) };
    }
    const copy: Omit<PrintInput, 'style'> = {
      siteName: settings.name,
      article,
      cover: await coverOf(site.db.kysely, article),
      bodyHtml: eagerImages(article.body_html),
      url: site.origin.value + canonical,
    };
    return { copy, canonical, article };
  }

  app.get<Params>('/ban-in/:categorySlug/:file', async (request, reply) => {
    const found = await load(request.params, printUrl, reply);
    if ('redirect' in found) return found.redirect;
    const page = printDocument({
      ...found.copy,
      style: html`<link rel="stylesheet" href="${assets.print.url}">`,
      backLink: found.canonical,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(page);
  });

  app.get<Params>('/luu/:categorySlug/:file', async (request, reply) => {
    const found = await load(request.params, saveUrl, reply);
    if ('redirect' in found) return found.redirect;
    const page = printDocument({
      ...found.copy,
      style: html`<style>${trustedHtml(assets.print.body.toString())}</style>`,
    });
    const name = savedFileName(found.article.slug, found.article.id);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"; filename*=UTF-8''${name}`)
      .header('cache-control', 'public, max-age=300')
      .send(await selfContained(page, store, site.origin.value));
  });
}
