import type { Kysely } from 'kysely';

// A guest who posts gets a random token in a cookie; only its hash is kept here,
// so the guest (and nobody else) can edit or delete the comment for its first 10 minutes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('owner_token_hash', 'varchar(64)').execute();
}
