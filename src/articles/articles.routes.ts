import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { commentDeps, commentsForArticle, ownCommentsOn } from '../comments/comments.service.js';
import { commentOwnerOf } from '../comments/owner-cookies.js';
import { commentsSection } from '../comments/comments.views.js';
import { documentLinker } from '../documents/documents.service.js';
import { notFound, parseOr400 } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import type { WebContext } from '../app-context.js';
import type { Site } from '../site/site.js';
import { VersionMemo } from '../site/version-memo.js';
import { takeFlash } from '../web/flash.js';
import { sendPublicPage } from '../web/pages.js';
import { findArticleForPage, type ArticleForPage } from './articles.repo.js';
import { articleMeta, articlePage } from './articles.views.js';
import { coverOf } from './covers.js';
import { articleStructuredData } from './structured-data.js';
import { articleUrl, parseArticleFile } from './urls.js';

const commentPageQuery = z.object({
  'y-kien': z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
});

/** Enough for the articles readers ask for in turn; a change empties it anyway. */
const ARTICLES_KEPT = 200;
const articleReads = new WeakMap<Site, VersionMemo<ArticleForPage | undefined>>();

/**
 * The article, its tags and related links, read once per content version (src/site/version-memo.ts), as
 * comment pages are: the three reads were the largest cost of a rendered page left after its HTML.
 * An article not (yet) found is read again each time, so one going live at its time shows then.
 */
async function readArticle(site: Site, id: number): Promise<ArticleForPage | undefined> {
  let memo = articleReads.get(site);
  if (!memo) articleReads.set(site, (memo = new VersionMemo(ARTICLES_KEPT)));
  const read = () => findArticleForPage(site.db, id, site.now().toISOString());
  return memo.get(site.version, String(id), read, (found) => found !== undefined);
}

export async function articleRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get<{ Params: { categorySlug: string; file: string } }>('/:categorySlug/:file', async (request, reply) => {
    const parsed = parseArticleFile(request.params.file);
    if (!parsed) throw notFound(m.errors.notFound);
    let commentPage = 1;
    // Most views carry no query string; skip the schema for them on this hot path.
    if (request.url.includes('?')) {
      commentPage = parseOr400(commentPageQuery, request.query, m.errors.invalidPage)['y-kien'] ?? 1;
    }
    const { site } = ctx;
    const requested = `/${request.params.categorySlug}/${request.params.file}`;
    const cacheKey = commentPage > 1 ? `${requested}?y-kien=${commentPage}` : requested;
    // Readers see their own comments that wait for approval; a guest's page that has one is theirs alone.
    const owner = commentOwnerOf(request);
    const own =
      owner.actor || owner.guestTokens.size
        ? await ownCommentsOn(commentDeps(site), owner, { column: 'article_id', id: parsed.id })
        : [];
    // After sending a comment (or a report) the reader is back here, told what happened above the form.
    const notice = takeFlash(request, reply);

    return sendPublicPage(
      request,
      reply,
      ctx,
      cacheKey,
      async () => {
        const tree = await site.categories();
        const found = await readArticle(site, parsed.id);
        const category = found && tree.get(found.article.category_id);
        if (!found || !category) throw notFound(m.errors.articleNotFound);
        const { article, tags, related } = found;
        const canonical = articleUrl(category.slug, article.slug, article.id);
        // Old or wrong slugs keep working: the id decides, the slug is only decoration.
        if (canonical !== requested) return { redirect: canonical };
        const [settings, comments, cover, linkDocuments] = await Promise.all([
          site.settings(),
          commentsForArticle(commentDeps(site), article, commentPage),
          coverOf(site.db.kysely, article),
          documentLinker(site, article.id),
        ]);
        return {
          meta: {
            ...articleMeta(article, cover),
            canonicalPath: canonical,
            activeCategoryId: tree.rootOf(category).id,
            structuredData: articleStructuredData({
              site: settings,
              article,
              category,
              cover,
              canonicalPath: canonical,
            }),
            editPath: `/quan-tri/bai-viet/${article.id}`,
          },
          body: articlePage({
            tree,
            siteName: settings.name,
            article,
            cover,
            category,
            canonicalPath: canonical,
            tags,
            related,
            linkDocuments,
            comments: commentsSection({
              ...comments,
              target: { articleId: article.id },
              pagePath: canonical,
              total: article.comment_count,
              viewer: request.actor,
              own,
              notice,
            }),
          }),
        };
      },
      { personal: own.length > 0 || notice !== null, shared: 'article' },
    );
  });
}
