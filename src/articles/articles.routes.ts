import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { WebContext } from '../web/context.js';
import { sendPublicPage } from '../web/pages.js';
import { findPublishedArticle, listRelated, listTagsOfArticle } from './articles.repo.js';
import { articlePage } from './articles.views.js';
import { articleUrl, parseArticleFile } from './urls.js';

const RELATED_COUNT = 5;

export async function articleRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get<{ Params: { categorySlug: string; file: string } }>('/:categorySlug/:file', async (request, reply) => {
    const parsed = parseArticleFile(request.params.file);
    if (!parsed) throw new AppError('not_found', 404, m.errors.notFound);
    const { site } = ctx;
    const requested = `/${request.params.categorySlug}/${request.params.file}`;

    return sendPublicPage(request, reply, ctx, requested, async () => {
      const tree = await site.categories();
      const now = site.now().toISOString();
      const article = await findPublishedArticle(site.db.db, parsed.id, now);
      const category = article && tree.get(article.category_id);
      if (!article || !category) throw new AppError('not_found', 404, m.errors.articleNotFound);
      const canonical = articleUrl(category.slug, article.slug, article.id);
      if (canonical !== requested) throw new RedirectTo(canonical);
      const [tags, related, settings] = await Promise.all([
        listTagsOfArticle(site.db.db, article.id),
        listRelated(site.db.db, article, RELATED_COUNT, now),
        site.settings(),
      ]);
      return {
        meta: {
          title: article.title,
          description: article.sapo || undefined,
          canonicalPath: canonical,
          activeCategoryId: tree.rootOf(category).id,
          ogType: 'article',
        },
        body: articlePage({ tree, siteName: settings.name, article, category, tags, related }),
      };
    }).catch((err: unknown) => {
      // Old or wrong slugs keep working: the id decides, the slug is only decoration.
      if (err instanceof RedirectTo) return reply.redirect(err.location, 301);
      throw err;
    });
  });
}

class RedirectTo extends Error {
  constructor(readonly location: string) {
    super(`redirect to ${location}`);
  }
}
