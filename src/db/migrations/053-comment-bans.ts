import type { Kysely } from 'kysely';

// "Chặn người gửi": a reader account an editor has stopped from commenting. A flag on the account, not a lock:
// the reader still signs in and reads; only new comments (and changes to old ones) are refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('comments_banned', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}
