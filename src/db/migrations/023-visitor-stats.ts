import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/**
 * Visitor statistics (src/stats). Only totals are kept: visits per day in
 * Vietnam (a month and the grand total are sums of days), views per article,
 * and each running instance's count of visitors in the last minutes, so that
 * instances add up. Nothing about a visitor is written.
 */
export const creates = ['stats_days', 'stats_article_views', 'stats_online'];

export async function up(db: Kysely<unknown>, helpers: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('stats_days')
    .addColumn('day', 'varchar(10)', (col) => col.primaryKey())
    .addColumn('visits', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('stats_article_views')
    .addColumn('article_id', 'integer', (col) => col.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('views', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('stats_online')
    .addColumn('instance', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('visitors', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', helpers.timestampType, (col) => col.notNull())
    .execute();
}
