import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/**
 * Public consultation on a draft document (lấy ý kiến dự thảo): the days it
 * takes góp ý (yyyy-mm-dd, whole days in Asia/Ho_Chi_Minh), the counts of its
 * approved góp ý (as articles keep theirs), and the staff's report on them.
 */
export const creates = ['consultations'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('consultations')
    .addColumn('document_id', 'integer', (c) => c.primaryKey().references('documents.id').onDelete('cascade'))
    // Null: open from the day it was set up.
    .addColumn('opens_on', 'varchar(10)')
    .addColumn('closes_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('top_comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    // Báo cáo tiếp thu, giải trình: plain text, and optionally one of the document's files.
    .addColumn('report', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('report_file_id', 'integer', (c) => c.references('document_files.id').onDelete('set null'))
    .addColumn('report_published_at', h.timestampType)
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultations_closes').on('consultations').columns(['closes_on']).execute();
}
