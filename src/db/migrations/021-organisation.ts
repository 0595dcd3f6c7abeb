import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/** The organisation's own pages (giới thiệu, chức năng, cơ cấu, lãnh đạo, liên hệ), its units and its leaders. */
export const creates = ['org_pages', 'org_units', 'org_leaders'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  // One row per page and language: an English row exists only once someone writes the English version.
  await db.schema
    .createTable('org_pages')
    .addColumn('page', 'varchar(20)', (c) => c.notNull())
    .addColumn('lang', 'varchar(2)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .addPrimaryKeyConstraint('org_pages_pk', ['page', 'lang'])
    .addCheckConstraint('org_pages_lang_check', sql`lang in ('vi', 'en')`)
    .execute();
  await db.schema
    .createTable('org_units')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('head', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(60)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(254)', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('org_leaders')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(120)', (c) => c.notNull())
    .addColumn('role', 'varchar(200)', (c) => c.notNull())
    .addColumn('role_en', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'varchar(60)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(254)', (c) => c.notNull().defaultTo(''))
    // A photo from the media library; removing the file leaves the leader without one.
    .addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null'))
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();
}
