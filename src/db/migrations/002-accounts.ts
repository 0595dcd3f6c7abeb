import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', h.idType, h.idColumn)
    // Lower-cased NFC, so one address cannot register twice in another spelling.
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(80)', (c) => c.notNull())
    .addColumn('role', 'varchar(10)', (c) => c.notNull())
    // Null until the owner sets one through a one-time link.
    .addColumn('password_hash', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('totp_secret', 'varchar(64)')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_at', h.timestampType)
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .addCheckConstraint('users_role_check', sql`role in ('reader', 'author', 'editor', 'admin')`)
    .execute();

  await db.schema
    .createTable('sessions')
    // sha256 of the cookie value: a leaked table cannot be replayed as cookies.
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('last_seen_at', h.timestampType, (c) => c.notNull())
    .addColumn('expires_at', h.timestampType, (c) => c.notNull())
    .addColumn('user_agent', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    // Set when the second factor was passed (or is not needed), so a half-signed-in session can do nothing else.
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('auth_tokens')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(20)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('expires_at', h.timestampType, (c) => c.notNull())
    .addColumn('used_at', h.timestampType)
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('used_at', h.timestampType)
    .execute();
  await db.schema.createIndex('recovery_codes_user').on('recovery_codes').column('user_id').execute();

  await db.schema
    .createTable('auth_events')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('event', 'varchar(40)', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('detail', 'varchar(300)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_events_user').on('auth_events').columns(['user_id', 'created_at']).execute();

  // Fixed-window counters shared by every app instance (login, register, reset, comment).
  await db.schema
    .createTable('throttles')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('window_start', h.timestampType, (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
}
