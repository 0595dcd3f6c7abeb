import { shiftPublishedCountsOf } from '../categories/categories.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Transaction } from 'kysely';
import type { Database, DbHandle } from '../db/index.js';
import { htmlToText } from '../search/html-text.js';
import { syncArticlesSearch } from '../search/search-sync.js';
import { recordCitationsOf } from '../documents/documents.service.js';
import { slugify } from '../vi/slug.js';
import { articleInputSchema, type ArticleInput } from './articles.schema.js';
import {
  findArticlesByImportKeys,
  insertArticles,
  setTagsOfArticles,
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
  const [saved] = await saveArticlesIn(deps, trx, tree, [input]);
  if (saved instanceof ArticleInputError) throw saved;
  return saved!;
}

/**
 * saveArticleIn for many inputs, written together (storeArticles). In the order given: the saved
 * article, or the ArticleInputError that refused it before anything of it was written. An import
 * key met twice is written twice, the later over the earlier, as one save after the other would.
 */
export async function saveArticlesIn(
  deps: ArticleDeps,
  trx: Transaction<Database>,
  tree: CategoryTree,
  inputs: readonly ArticleInput[],
): Promise<(SavedArticle | ArticleInputError)[]> {
  const out: (SavedArticle | ArticleInputError)[] = [];
  let pending: { at: number; p: PreparedArticle }[] = [];
  inputs.forEach((input, at) => {
    try {
      pending.push({ at, p: prepareArticleIn(tree, input) });
    } catch (err) {
      if (!(err instanceof ArticleInputError)) throw err;
      out[at] = err;
    }
  });
  const now = deps.now().toISOString();
  while (pending.length) {
    // A round holds each import key once; a repeated one waits for the next round, to update what this one wrote.
    const keys = new Set<string>();
    const round: typeof pending = [];
    const later: typeof pending = [];
    for (const item of pending) {
      const key = item.p.importKey;
      if (key !== null && keys.has(key)) later.push(item);
      else {
        if (key !== null) keys.add(key);
        round.push(item);
      }
    }
    const existing = await findArticlesByImportKeys(trx, [...keys]);
    const before = round.map((i) => (i.p.importKey === null ? undefined : existing.get(i.p.importKey)));
    const ids = await storeArticles(
      deps.db,
      trx,
      round.map((i, n) => ({ id: before[n]?.id, article: i.p })),
      now,
    );
    // By increments: a recount scans every article of the category, and made each import slower as the site grew.
    await shiftPublishedCountsOf(
      trx,
      round.map((i, n) => [before[n], i.p.write] as const),
    );
    round.forEach(({ at, p }, n) => {
      out[at] = {
        id: ids[n]!,
        created: !before[n],
        title: p.write.title,
        url: articleUrl(p.categorySlug, p.write.slug, ids[n]!),
      };
    });
    pending = later;
  }
  return out;
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
  return (await storeArticles(db, trx, [{ id, article: p, extra }], now))[0]!;
}

/** One article for storeArticles: new when `id` is undefined. */
export interface ArticleToStore {
  id: number | undefined;
  article: PreparedArticle;
  extra?: ArticleImportColumns;
}

/**
 * storeArticle for many articles, in one statement per table where it can be: an import's
 * articles cost more in statements (and on PostgreSQL in round trips) than in their own writing.
 * Returns their ids in order. An existing article may appear only once.
 */
export async function storeArticles(
  db: DbHandle,
  trx: Transaction<Database>,
  items: readonly ArticleToStore[],
  now: string,
): Promise<number[]> {
  const created = items.filter((i) => i.id === undefined);
  // One insert per set of extra columns (in practice one): a multi-row insert names the same columns in every row.
  const newIds = new Map<ArticleToStore, number>();
  const byColumns = new Map<string, ArticleToStore[]>();
  for (const i of created) {
    const columns = Object.keys(i.extra ?? {})
      .sort()
      .join();
    const group = byColumns.get(columns);
    if (group) group.push(i);
    else byColumns.set(columns, [i]);
  }
  for (const group of byColumns.values()) {
    const rows = group.map((i) => ({ ...i.article.write, import_key: i.article.importKey, extra: i.extra ?? {} }));
    const ids = await insertArticles(trx, rows, now);
    group.forEach((i, n) => newIds.set(i, ids[n]!));
  }
  const ids: number[] = [];
  for (const i of items) {
    if (i.id !== undefined) await updateArticle(trx, i.id, i.article.write, now, i.extra);
    ids.push(i.id ?? newIds.get(i)!);
  }
  const fresh = new Set(newIds.values());
  // The body's text once, for the index and the citations alike.
  const stored = items.map((i, n) => ({
    id: ids[n]!,
    ...i.article.write,
    text: htmlToText(i.article.write.body_html),
  }));
  await setTagsOfArticles(
    trx,
    items.map((i, n) => ({ articleId: ids[n]!, tags: i.article.tags, replace: !fresh.has(ids[n]!) })),
  );
  await syncArticlesSearch(db, trx, stored, fresh);
  await recordCitationsOf(trx, stored, fresh);
  return ids;
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
