import type { ArticleStatus } from '../db/schema.js';
import type { DbHandle } from '../db/index.js';
import { buildIndexedDocument, type Db } from './search-index.js';

/**
 * Keeps one article's index entry in step with it, inside the caller's
 * transaction: published → (re)indexed, any other status → removed.
 */
export async function syncArticleSearch(
  handle: DbHandle,
  trx: Db,
  article: { id: number; title: string; sapo: string; body_html: string; status: ArticleStatus },
): Promise<void> {
  if (article.status === 'published') await handle.search.upsert(trx, buildIndexedDocument(article));
  else await handle.search.remove(trx, article.id);
}
