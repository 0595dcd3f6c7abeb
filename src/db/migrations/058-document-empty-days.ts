import { sql, type Kysely } from 'kysely';

// Documents saved without an effective or expiry day had kept '' instead of
// NULL (the form schema's default skipped the day parser). Every reader treats
// both as "no day"; this makes the rows say so, for exports and backups.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update documents set effective_on = null where effective_on = ''`.execute(db);
  await sql`update documents set expires_on = null where expires_on = ''`.execute(db);
}
