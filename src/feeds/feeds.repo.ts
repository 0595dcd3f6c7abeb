import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const SITEMAP_CHUNK = 5000;

/** Published article ids in one id range: a sitemap file reads one slice of the primary key. */
export function listPublishedInIdRange(db: Kysely<Database>, fromId: number, toId: number, now: string) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'category_id', 'updated_at', 'published_at'])
    .where('id', '>=', fromId)
    .where('id', '<', toId)
    .where('status', '=', 'published')
    .where('published_at', '<=', now)
    .orderBy('id')
    .execute();
}

export async function maxArticleId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** Google News takes the last two days' articles, at most 1,000, newest first: read in published_at order, so a page of the index. */
export function listPublishedBetween(db: Kysely<Database>, since: string, now: string, limit: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'category_id', 'title', 'published_at'])
    .where('status', '=', 'published')
    .where('published_at', '>=', since)
    .where('published_at', '<=', now)
    .orderBy('published_at', 'desc')
    .limit(limit)
    .$narrowType<{ published_at: string }>()
    .execute();
}
