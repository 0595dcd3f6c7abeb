import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/** "Liên kết website" on the home page: related agencies' sites, edited in the back office, in their order. */
export const creates = ['site_links'];

export async function up(db: Kysely<unknown>, helpers: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('site_links')
    .addColumn('id', helpers.idType, helpers.idColumn)
    .addColumn('name', 'varchar(200)', (col) => col.notNull())
    .addColumn('url', 'varchar(500)', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute();
}
