import { type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, MediaTable } from '../db/schema.js';
import { containsText } from '../db/text-match.js';

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

/** What the library can be narrowed to. */
export interface MediaFilter {
  kind?: MediaRow['kind'];
  /** Matched anywhere in the file name or the description, % and _ taken literally. */
  text?: string;
}

function filtered(db: Db, f: MediaFilter) {
  let q = db.selectFrom('media').where('trashed_at', 'is', null);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.text) {
    const text = f.text;
    q = q.where((eb) => eb.or([containsText('original_name', text), containsText('alt', text)]));
  }
  return q;
}

/** Newest first, by primary key: a page reads about its own rows. */
export function listMedia(db: Db, opts: { limit: number; offset: number; filter?: MediaFilter }): Promise<MediaRow[]> {
  return filtered(db, opts.filter ?? {})
    .selectAll()
    .orderBy('id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

export async function countMedia(db: Db, f: MediaFilter): Promise<number> {
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function setMediaTrashed(db: Db, id: number, at: string | null): Promise<void> {
  await db.updateTable('media').set({ trashed_at: at }).where('id', '=', id).execute();
}

export async function deleteMediaRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('media').where('id', '=', id).execute();
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
