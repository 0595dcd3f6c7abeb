import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ResponsiveImage } from '../media/media-urls.js';
import { findImagesByIds } from '../media/media.service.js';

type Db = Kysely<Database> | Transaction<Database>;

export type WithCover<T> = T & { cover: ResponsiveImage | null };

/**
 * Adds each article's cover image, for any number of lists, with one query in
 * all: a page of teasers costs the same whether or not its articles have covers.
 * The rows are the caller's fresh query results and get the field in place:
 * copying every teaser row showed up in the uncached home page's profile.
 */
export async function withCovers<T extends { cover_media_id: number | null }>(
  db: Db,
  lists: readonly T[][],
): Promise<WithCover<T>[][]> {
  const ids = new Set<number>();
  for (const list of lists) for (const a of list) if (a.cover_media_id !== null) ids.add(a.cover_media_id);
  const images = new Map((await findImagesByIds(db, [...ids])).map((m) => [m.id, m]));
  for (const list of lists) {
    for (const a of list as WithCover<T>[])
      a.cover = (a.cover_media_id !== null && images.get(a.cover_media_id)) || null;
  }
  return lists as WithCover<T>[][];
}

/** The cover of one article, for its own page. */
export async function coverOf(db: Db, article: { cover_media_id: number | null }): Promise<ResponsiveImage | null> {
  if (article.cover_media_id === null) return null;
  const [image] = await findImagesByIds(db, [article.cover_media_id]);
  return image ?? null;
}
