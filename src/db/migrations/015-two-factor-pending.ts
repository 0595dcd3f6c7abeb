import { sql, type Kysely } from 'kysely';

/**
 * A new TOTP secret waits in its own column until a code confirms it, so the
 * factor in use stays on meanwhile; a setup begun before this keeps working.
 * failed_logins and last_failed_at go: nothing wrote them, and the per-address
 * throttles (counted for known and unknown addresses alike) are the lock-out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'varchar(64)').execute();
  await sql`update users set totp_pending_secret = totp_secret, totp_secret = null
    where totp_enabled = 0 and totp_secret is not null`.execute(db);
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
  await db.schema.alterTable('users').dropColumn('last_failed_at').execute();
}
