import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/*
 * Góp ý on a draft document (a public consultation) are comments like those
 * under articles, with the same checks, queue and stored HTML: a comment now
 * belongs to exactly one article or one document.
 */
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .alterTable('comments')
    .addColumn('document_id', 'integer', (c) => c.references('documents.id').onDelete('cascade'))
    .execute();
  await h.relaxColumns(db, 'comments', {
    dropNotNull: ['article_id'],
    check: { name: 'comments_one_target', expression: '(article_id is null) <> (document_id is null)' },
  });
  await db.schema
    .createIndex('comments_document_status')
    .on('comments')
    .columns(['document_id', 'status', 'parent_id', 'id'])
    .execute();
}
