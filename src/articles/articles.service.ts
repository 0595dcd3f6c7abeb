import { shiftPublishedCounts } from '../categories/categories.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Transaction } from 'kysely';
import type { Database, DbHandle } from '../db/index.js';
import { syncArticleSearch } from '../search/search-sync.js';
import { recordCitations } from '../documents/documents.service.js';
import { slugify } from '../vi/slug.js';
import { articleInputSchema, type ArticleInput } from './articles.schema.js';
import {
  findArticleIdByImportKey,
  insertArticle,
  setArticleTags,
  updateArticle,
  type ArticleImportColumns,
  type ArticleWrite,
  updateCover,
} from './articles.repo.js';
import { sanitizeArticleHtml } from './sanitize.js';

export {
  countArticles,
  existingArticleIds,
  listHomeLists,
  listInCategory,
  listLatest,
  listTagsOfArticle,
  setArticleTags,
  uncoveredWithTitles,
} from './articles.repo.js';
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
  const tree = await deps.categories();
  const saved = await deps.db.kysely.transaction().execute((trx) => saveArticleIn(deps, trx, tree, input));
  deps.contentChanged();
  return saved;
}

/**
 * The same, inside a transaction the caller owns: an import writes a few hundred articles per
 * commit. Every refusal (ArticleInputError) comes before the first write, so a refused article
 * leaves the transaction as it was. The caller tells `contentChanged` once it has committed. The
 * tree is read before the transaction: on SQLite's one connection a read outside it would wait
 * for it forever.
 */
export async function saveArticleIn(
  deps: ArticleDeps,
  trx: Transaction<Database>,
  tree: CategoryTree,
  input: ArticleInput,
): Promise<SavedArticle> {
  const p = prepareArticleIn(tree, input);
  const existing = p.importKey ? await findArticleIdByImportKey(trx, p.importKey) : undefined;
  const id = await storeArticle(deps.db, trx, existing?.id, p, deps.now().toISOString());
  // By increments: a recount scans every article of the category, and made each import slower as the site grew.
  await shiftPublishedCounts(trx, existing, p.write);
  return { id, created: !existing, title: p.write.title, url: articleUrl(p.categorySlug, p.write.slug, id) };
}

/** An article checked and sanitised, ready to store: what saveArticle and the importers write. */
export interface PreparedArticle {
  write: ArticleWrite;
  tags: { slug: string; name: string }[];
  categorySlug: string;
  importKey: string | null;
}

/** Checks the input (throws ArticleInputError) and sanitises the body; no database write. */
export async function prepareArticle(
  deps: Pick<ArticleDeps, 'categories'>,
  input: ArticleInput,
): Promise<PreparedArticle> {
  return prepareArticleIn(await deps.categories(), input);
}

function prepareArticleIn(tree: CategoryTree, input: ArticleInput): PreparedArticle {
  const parsed = articleInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArticleInputError(`${issue.path.join('.') || 'article'}: ${issue.message}`);
  }
  const a = parsed.data;
  const category = tree.get(a.categoryId);
  if (!category) throw new ArticleInputError(`category ${a.categoryId} does not exist`);
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
  return { write, tags: dedupeTags(a.tags), categorySlug: category.slug, importKey: a.importKey };
}

/**
 * Writes a prepared article (new when `id` is undefined), its tags and its
 * search entry, inside the caller's transaction. Category counts are the
 * caller's: an importer recounts once at the end, not once per article.
 */
export async function storeArticle(
  db: DbHandle,
  trx: Transaction<Database>,
  id: number | undefined,
  p: PreparedArticle,
  now: string,
  extra: ArticleImportColumns = {},
): Promise<number> {
  if (id === undefined) id = await insertArticle(trx, { ...p.write, import_key: p.importKey }, now, extra);
  else await updateArticle(trx, id, p.write, now, extra);
  await setArticleTags(trx, id, p.tags);
  await syncArticleSearch(db, trx, { id, ...p.write });
  await recordCitations(trx, { id, ...p.write });
  return id;
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
