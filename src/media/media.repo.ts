import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, MediaTable } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type MediaRow = Selectable<MediaTable>;

export function findMedia(db: Db, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findMediaByKey(db: Db, key: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('storage_key', '=', key).executeTakeFirst();
}

export async function insertMedia(db: Db, row: Insertable<MediaTable>): Promise<number> {
  const r = await db.insertInto('media').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function listMedia(db: Db, opts: { limit: number; offset: number }): Promise<MediaRow[]> {
  return db.selectFrom('media').selectAll().orderBy('id', 'desc').limit(opts.limit).offset(opts.offset).execute();
}

/** Images by id in one query, for lists that show many covers at once. */
export function findImagesByIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('media')
    .select(['id', 'storage_key', 'ext', 'width', 'height', 'variant_widths', 'alt'])
    .where('id', 'in', [...ids])
    .where('kind', '=', 'image')
    .execute();
}
