import type { Kysely, Selectable, Transaction } from 'kysely';
import { inList } from '../db/in-list.js';
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

/** The targets of those of these addresses that redirect, by address. */
export async function findTargets(db: Db, oldPaths: readonly string[]): Promise<Map<string, string>> {
  if (!oldPaths.length) return new Map();
  const rows = await db
    .selectFrom('redirects')
    .select(['old_path', 'target'])
    .where(inList(db, 'old_path', oldPaths))
    .execute();
  return new Map(rows.map((r) => [r.old_path, r.target]));
}

/** Adds the addresses, or points existing ones at their new targets. Each address once. */
export async function upsertRedirects(
  db: Db,
  rows: readonly (readonly [oldPath: string, target: string])[],
  now: string,
) {
  if (!rows.length) return;
  await db
    .insertInto('redirects')
    .values(rows.map(([old_path, target]) => ({ old_path, target, created_at: now, updated_at: now })))
    .onConflict((oc) =>
      oc.column('old_path').doUpdateSet((eb) => ({ target: eb.ref('excluded.target'), updated_at: now })),
    )
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
