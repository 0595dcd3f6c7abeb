import { sql, type Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

/**
 * Webhooks and their outbox. A delivery row is written in the transaction of the change it reports,
 * so a crash between commit and sending loses nothing: the worker reads what is pending.
 * `events` is a comma-wrapped list (",article.published,comment.published,") so one LIKE picks the hooks.
 */
export const creates = ['webhooks', 'webhook_deliveries'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('url', 'varchar(2000)', (c) => c.notNull())
    .addColumn('secret', 'varchar(100)', (c) => c.notNull())
    .addColumn('events', 'varchar(500)', (c) => c.notNull())
    .addColumn('description', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failing_since', h.timestampType)
    .addColumn('created_by', 'integer')
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('updated_at', h.timestampType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', h.idType, h.idColumn)
    .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event', 'varchar(60)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', h.timestampType, (c) => c.notNull())
    .addColumn('last_attempt_at', h.timestampType)
    .addColumn('response_status', 'integer')
    .addColumn('last_error', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', h.timestampType, (c) => c.notNull())
    .addColumn('sent_at', h.timestampType)
    .addCheckConstraint('webhook_deliveries_status_check', sql`status in ('pending', 'sent', 'failed')`)
    .execute();
  // The worker's question: what is pending and due.
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_log')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();
}
