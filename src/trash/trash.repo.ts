import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { Database, TrashKind, TrashTable } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type TrashRow = Selectable<TrashTable>;
export type TrashListRow = TrashRow & { deleted_by_name: string | null };

export async function insertTrashEntry(db: Db, row: Insertable<TrashTable>): Promise<void> {
  await db.insertInto('trash').values(row).execute();
}

export function findTrashByIds(db: Db, ids: readonly number[]): Promise<TrashRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('trash')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findTrashByBatch(db: Db, batch: string): Promise<TrashRow[]> {
  return db.selectFrom('trash').selectAll().where('batch', '=', batch).limit(500).execute();
}

export function findTrashOf(db: Db, kind: TrashKind, itemId: number): Promise<TrashRow | undefined> {
  return db.selectFrom('trash').selectAll().where('kind', '=', kind).where('item_id', '=', itemId).executeTakeFirst();
}

export async function deleteTrashEntry(db: Db, kind: TrashKind, itemId: number): Promise<void> {
  await db.deleteFrom('trash').where('kind', '=', kind).where('item_id', '=', itemId).execute();
}

/** Newest first; the (kind, id) index serves both "all kinds" (by its id order) and one kind. */
export function listTrash(db: Db, f: { kind?: TrashKind; limit: number; offset: number }): Promise<TrashListRow[]> {
  let q = db
    .selectFrom('trash')
    .leftJoin('users', 'users.id', 'trash.deleted_by')
    .selectAll('trash')
    .select('users.display_name as deleted_by_name');
  if (f.kind) q = q.where('trash.kind', '=', f.kind);
  return q.orderBy('trash.id', 'desc').limit(f.limit).offset(f.offset).execute();
}

export async function countTrash(db: Db, kind?: TrashKind): Promise<number> {
  let q = db.selectFrom('trash').select((eb) => eb.fn.countAll<number>().as('n'));
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
