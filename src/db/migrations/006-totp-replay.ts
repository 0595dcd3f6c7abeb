import type { Kysely } from 'kysely';

// The last TOTP time step a user signed in with: a code is good once, not for its whole 90-second window.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('totp_last_step', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
