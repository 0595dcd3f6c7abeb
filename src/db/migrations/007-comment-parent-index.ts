import type { Kysely } from 'kysely';

// Deleting a comment cascades to its replies by parent_id; without an index each delete reads every comment.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();
}
