import { refreshPublishedCounts } from '../categories/categories.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { DbHandle } from '../db/index.js';
import { syncArticleSearch } from '../search/search-sync.js';
import { slugify } from '../vi/slug.js';
import { articleInputSchema, type ArticleInput } from './articles.schema.js';
import {
  findArticleIdByImportKey,
  insertArticle,
  setArticleTags,
  updateArticle,
  type ArticleWrite,
  updateCover,
} from './articles.repo.js';
import { sanitizeArticleHtml } from './sanitize.js';

export { countArticles, listInCategory, listLatest, listTagsOfArticle, setArticleTags } from './articles.repo.js';
import { articleUrl } from './urls.js';

export interface ArticleDeps {
  db: DbHandle;
  categories: () => Promise<CategoryTree>;
  now: () => Date;
  /** Told after every committed change, so caches drop what they hold. */
  contentChanged: () => void;
}

export class ArticleInputError extends Error {}

export interface SavedArticle {
  id: number;
  url: string;
  title: string;
  created: boolean;
}

/**
 * Creates an article, or updates the one with the same import key. One
 * transaction: either the article, its tags and the category counts change
 * together, or nothing does.
 */
export async function saveArticle(deps: ArticleDeps, input: ArticleInput): Promise<SavedArticle> {
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArticleInputError(`${issue.path.join('.') || 'article'}: ${issue.message}`);
  }
  const a = parsed.data;
  const tree = await deps.categories();
  const category = tree.get(a.categoryId);
  if (!category) throw new ArticleInputError(`category ${a.categoryId} does not exist`);
  const now = deps.now().toISOString();
  const write: ArticleWrite = {
    title: a.title,
    slug: slugify(a.title),
    sapo: a.sapo,
    body_html: sanitizeArticleHtml(a.bodyHtml),
    byline: a.byline,
    status: a.status,
    category_id: category.id,
    root_category_id: tree.rootOf(category).id,
    published_at: a.publishedAt === null ? null : new Date(a.publishedAt).toISOString(),
  };
  const tags = dedupeTags(a.tags);

  const result = await deps.db.kysely.transaction().execute(async (trx) => {
    const existing = a.importKey ? await findArticleIdByImportKey(trx, a.importKey) : undefined;
    let id: number;
    if (existing) {
      id = existing.id;
      await updateArticle(trx, id, write, now);
    } else {
      id = await insertArticle(trx, { ...write, import_key: a.importKey }, now);
    }
    await setArticleTags(trx, id, tags);
    await syncArticleSearch(deps.db, trx, { id, ...write });
    const touched = [write.category_id, write.root_category_id];
    if (existing) touched.push(existing.category_id, existing.root_category_id);
    await refreshPublishedCounts(trx, touched);
    return { id, created: !existing };
  });
  deps.contentChanged();
  return { ...result, title: write.title, url: articleUrl(category.slug, write.slug, result.id) };
}

function dedupeTags(names: readonly string[]): { slug: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name);
    if (slug && !seen.has(slug)) seen.set(slug, name);
  }
  return [...seen].map(([slug, name]) => ({ slug, name }));
}

/** Sets an article's cover outside the newsroom's form (the demo content's pictures). */
export async function setArticleCover(deps: ArticleDeps, articleId: number, mediaId: number): Promise<void> {
  await updateCover(deps.db.kysely, articleId, mediaId);
  deps.contentChanged();
}
