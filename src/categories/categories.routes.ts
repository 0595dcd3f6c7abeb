import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listInCategory } from '../articles/articles.service.js';
import { withCovers } from '../articles/covers.js';
import { notFound, parseOr400 } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { WebContext } from '../app-context.js';
import { sendPublicPage } from '../web/pages.js';
import { categoryUrl } from '../articles/urls.js';
import { findCategoryRedirect } from './category-admin.repo.js';
import { categoryPage } from './categories.views.js';

export const PAGE_SIZE = 20;

const querySchema = z.object({
  trang: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
});

export async function categoryRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get<{ Params: { categorySlug: string } }>('/:categorySlug', async (request, reply) => {
    const page = parseOr400(querySchema, request.query, m.errors.invalidPage).trang ?? 1;
    const { categorySlug } = request.params;
    // A renamed category's old address keeps working.
    if (!(await ctx.site.categories()).getBySlug(categorySlug)) {
      const moved = await findCategoryRedirect(ctx.site.db.kysely, categorySlug);
      if (moved) return reply.redirect(categoryUrl(moved, page), 301);
    }
    return sendPublicPage(request, reply, ctx, `/${categorySlug}?trang=${page}`, async () => {
      const { site } = ctx;
      const [tree, settings] = await Promise.all([site.categories(), site.settings()]);
      const category = tree.getBySlug(categorySlug);
      if (!category) throw notFound(m.errors.categoryNotFound);
      const totalPages = Math.max(1, Math.ceil(category.published_count / PAGE_SIZE));
      if (page > totalPages) throw notFound(m.errors.notFound);
      const rows = await listInCategory(site.db.kysely, {
        categoryId: category.id,
        isRoot: category.parent === null,
        now: site.now().toISOString(),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      const [articles = []] = await withCovers(site.db.kysely, [rows]);
      return {
        meta: {
          title: page > 1 ? `${category.name} - ${m.pagination.page(page)}` : category.name,
          description: category.description || undefined,
          canonicalPath: page > 1 ? `/${category.slug}?trang=${page}` : `/${category.slug}`,
          activeCategoryId: tree.rootOf(category).id,
        },
        body: categoryPage({ tree, siteName: settings.name, category, articles, page, totalPages }),
      };
    });
  });
}
