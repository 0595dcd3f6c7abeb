import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { pageParam, slugParam } from '../newsroom/bulk-actions.js';
import type { Actor } from '../accounts/roles.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import type { Database, TrashKind } from '../db/schema.js';
import type { DbHandle } from '../db/index.js';
import type { Kysely, Transaction } from 'kysely';
import { forbidden, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import {
  countTrash,
  deleteTrashEntry,
  findTrashByBatch,
  findTrashByIds,
  findTrashOf,
  insertTrashEntry,
  listTrash,
  type TrashRow,
} from './trash.repo.js';

export type { TrashRow } from './trash.repo.js';

type Db = Kysely<Database> | Transaction<Database>;
const t = messages.trash;

/** One action's entries share a batch: the "Hoàn tác" after it names the batch, not a list of ids. */
export const newTrashBatch = (): string => randomBytes(12).toString('base64url');

/** Written by each module's service, in the transaction that hides the item. */
export async function addToTrash(
  db: Db,
  e: { kind: TrashKind; itemId: number; label: string; data: unknown; batch: string; actor: Actor; now: string },
): Promise<void> {
  await insertTrashEntry(db, {
    kind: e.kind,
    item_id: e.itemId,
    label: e.label.slice(0, 300),
    data: JSON.stringify(e.data),
    batch: e.batch,
    deleted_by: e.actor.id,
    deleted_at: e.now,
  });
}

/** The entry of an item being restored or deleted for good, removed in the caller's transaction; undefined if none. */
export async function takeFromTrash<T>(db: Db, kind: TrashKind, itemId: number): Promise<T | undefined> {
  const row = await findTrashOf(db, kind, itemId);
  if (!row) return undefined;
  await deleteTrashEntry(db, kind, itemId);
  return JSON.parse(row.data) as T;
}

/** The entries a restore or delete names: one action's batch, or entries ticked on the trash page. */
export function trashEntries(db: DbHandle, which: { batch?: string; ids?: number[] }): Promise<TrashRow[]> {
  if (which.batch) return findTrashByBatch(db.kysely, which.batch);
  return findTrashByIds(db.kysely, (which.ids ?? []).slice(0, 500));
}

/** ?loai= takes Vietnamese words, like every URL of the site. */
export const KIND_OF_SLUG: Readonly<Record<string, TrashKind>> = {
  'bai-viet': 'article',
  'y-kien': 'comment',
  'chuyen-muc': 'category',
  tep: 'media',
};

const trashQuerySchema = z.object({ loai: slugParam(KIND_OF_SLUG, t.badKind), trang: pageParam(t.badPage) });

export const TRASH_PAGE_SIZE = 50;

/** The trash page: editors and admins see everything deleted; a bad filter is a 400 in Vietnamese. */
export async function listTrashForStaff(db: DbHandle, actor: Actor | null, rawQuery: unknown) {
  if (!hasRoleAtLeast(actor, 'editor')) throw forbidden(messages.auth.forbidden);
  const query = parseOr400(trashQuerySchema, rawQuery ?? {});
  const kind = query.loai === undefined ? undefined : KIND_OF_SLUG[query.loai];
  const page = query.trang ?? 1;
  const [rows, total] = await Promise.all([
    listTrash(db.kysely, { kind, limit: TRASH_PAGE_SIZE, offset: (page - 1) * TRASH_PAGE_SIZE }),
    countTrash(db.kysely, kind),
  ]);
  return { rows, total, page, totalPages: Math.max(1, Math.ceil(total / TRASH_PAGE_SIZE)), query };
}
export type TrashListing = Awaited<ReturnType<typeof listTrashForStaff>>;
