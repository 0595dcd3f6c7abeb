import type { ArticleStatus } from '../db/schema.js';
import type { DbHandle } from '../db/index.js';
import { buildIndexedDocument, type Db } from './search-index.js';

type Indexable = { id: number; title: string; sapo: string; body_html: string; text?: string; status: ArticleStatus };

/**
 * Keeps one article's index entry in step with it, inside the caller's
 * transaction: published → (re)indexed, any other status → removed.
 */
export function syncArticleSearch(handle: DbHandle, trx: Db, article: Indexable): Promise<void> {
  return syncArticlesSearch(handle, trx, [article], new Set());
}

/** The same for many articles, in one statement per index table; `fresh` names new articles, which have no entry yet. */
export async function syncArticlesSearch(
  handle: DbHandle,
  trx: Db,
  articles: readonly Indexable[],
  fresh: ReadonlySet<number>,
): Promise<void> {
  const published = articles.filter((a) => a.status === 'published');
  await handle.search.upsertMany(trx, published.map(buildIndexedDocument), fresh);
  await handle.search.removeMany(
    trx,
    articles.filter((a) => a.status !== 'published' && !fresh.has(a.id)).map((a) => a.id),
  );
}
