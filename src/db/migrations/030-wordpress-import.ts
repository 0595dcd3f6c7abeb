import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/*
 * wordpress_items: which row each WordPress object became, so a second import
 * of the same export updates instead of duplicating (posts, pages, comments,
 * attachments, terms and authors share the one table, told apart by kind);
 * digest is a hash of what was written, so an unchanged item is not written again.
 * redirects: old addresses answered with a 301, editable by staff.
 */
export const creates = ['wordpress_items', 'redirects'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('wordpress_items')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('wp_id', 'integer', (c) => c.notNull())
    .addColumn('local_id', 'integer', (c) => c.notNull())
    .addColumn('wp_parent', 'integer')
    .addColumn('digest', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('wordpress_items_pk', ['kind', 'wp_id'])
    .execute();
  await db.schema.createIndex('wordpress_items_local').on('wordpress_items').columns(['kind', 'local_id']).execute();
  await db.schema
    .createTable('redirects')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('old_path', 'varchar(500)', (c) => c.notNull().unique())
    .addColumn('target', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();
}
