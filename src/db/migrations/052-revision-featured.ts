import type { Kysely } from 'kysely';

// "Tin nổi bật" is a field of the article form, so a revision keeps it and a restore brings it back. Null in
// revisions written before this: they did not record it, and a restore of one leaves the flag as it is.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('article_revisions').addColumn('featured', 'integer').execute();
}
