import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/**
 * The "Thùng rác": what staff deleted, kept so it can be restored. Articles,
 * comments and media stay in their tables, marked `trashed_at` and hidden from
 * every list (a trashed article also leaves the public site by its status);
 * a category, which only goes when it holds no article, leaves its table and
 * waits here as its row in `data`. One entry per item; `batch` groups one
 * action's entries, so one "Hoàn tác" brings them all back.
 *
 * `menu_auto` marks a category made without "Hiện trên menu": it joins the
 * menu by itself once it has a published article.
 */
export const creates = ['trash'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('trash')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('label', 'varchar(300)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('batch', 'varchar(40)', (c) => c.notNull())
    // Who deleted it; no foreign key, like the audit log: the entry outlives the account.
    .addColumn('deleted_by', 'integer')
    .addColumn('deleted_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trash_kind_item').unique().on('trash').columns(['kind', 'item_id']).execute();
  // The trash page lists newest first, all kinds or one.
  await db.schema.createIndex('trash_kind_id').on('trash').columns(['kind', 'id']).execute();
  await db.schema.createIndex('trash_batch').on('trash').columns(['batch']).execute();
  for (const table of ['articles', 'comments', 'media'])
    await db.schema.alterTable(table).addColumn('trashed_at', h.timestampType).execute();
  await db.schema
    .alterTable('categories')
    .addColumn('menu_auto', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
