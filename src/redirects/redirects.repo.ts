import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RedirectsTable } from './redirects.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type RedirectRow = Selectable<RedirectsTable>;

export async function findTarget(db: Db, oldPath: string): Promise<string | undefined> {
  const row = await db.selectFrom('redirects').select('target').where('old_path', '=', oldPath).executeTakeFirst();
  return row?.target;
}

export function findRedirect(db: Db, id: number): Promise<RedirectRow | undefined> {
  return db.selectFrom('redirects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds the address, or points an existing one at the new target. */
export async function upsertRedirect(db: Db, oldPath: string, target: string, now: string): Promise<void> {
  await db
    .insertInto('redirects')
    .values({ old_path: oldPath, target, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('old_path').doUpdateSet({ target, updated_at: now }))
    .execute();
}

export async function updateRedirectRow(db: Db, id: number, oldPath: string, target: string, now: string) {
  await db.updateTable('redirects').set({ old_path: oldPath, target, updated_at: now }).where('id', '=', id).execute();
}

export async function deleteRedirectRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('redirects').where('id', '=', id).execute();
}

export function listRedirects(db: Db, opts: { limit: number; offset: number; q?: string }): Promise<RedirectRow[]> {
  let q = db.selectFrom('redirects').selectAll();
  if (opts.q) q = q.where('old_path', 'like', `%${opts.q.replace(/[%_\\]/g, '')}%`);
  return q.orderBy('old_path').limit(opts.limit).offset(opts.offset).execute();
}

export function pathTaken(db: Db, oldPath: string, exceptId: number) {
  return db
    .selectFrom('redirects')
    .select('id')
    .where('old_path', '=', oldPath)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
}
