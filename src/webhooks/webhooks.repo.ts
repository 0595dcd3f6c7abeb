import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DialectName } from '../db/index.js';
import type { WebhookDeliveriesTable, WebhooksTable } from './webhooks.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export const eventList = (events: readonly string[]) => `,${events.join(',')},`;
export const eventsOf = (stored: string) => stored.split(',').filter(Boolean);

export async function insertWebhook(
  db: Db,
  w: { url: string; secret: string; events: readonly string[]; description: string; createdBy: number | null },
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('webhooks')
    .values({
      url: w.url,
      secret: w.secret,
      events: eventList(w.events),
      description: w.description,
      created_by: w.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().orderBy('id').execute();
}

export function findWebhook(db: Db, id: number): Promise<WebhookRow | undefined> {
  return db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setWebhookActive(db: Db, id: number, active: boolean, now: string): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ active: active ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteWebhook(db: Db, id: number): Promise<void> {
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  await db.deleteFrom('webhooks').where('id', '=', id).execute();
}

/** One row per active hook that asked for the event, in the caller's transaction: a rollback sends nothing. */
export async function enqueueForSubscribers(
  db: Db,
  event: string,
  payloads: readonly string[],
  now: string,
): Promise<void> {
  if (!payloads.length) return;
  const hooks = await db
    .selectFrom('webhooks')
    .select('id')
    .where('active', '=', 1)
    .where('events', 'like', `%,${event},%`)
    .execute();
  if (!hooks.length) return;
  await db
    .insertInto('webhook_deliveries')
    .values(
      payloads.flatMap((payload) =>
        hooks.map((h) => ({
          webhook_id: h.id,
          event,
          payload,
          status: 'pending' as const,
          next_attempt_at: now,
          created_at: now,
        })),
      ),
    )
    .execute();
}

export async function enqueueForOne(db: Db, webhookId: number, event: string, payload: string, now: string) {
  await db
    .insertInto('webhook_deliveries')
    .values({ webhook_id: webhookId, event, payload, status: 'pending', next_attempt_at: now, created_at: now })
    .execute();
}

export type ClaimedDelivery = DeliveryRow & { url: string; secret: string; active: number };

/**
 * Takes up to `limit` due deliveries and pushes their next attempt `leaseMs` ahead before anything is sent,
 * so no other worker takes them meanwhile; one that dies mid-send leaves them to be tried again when the
 * lease ends. On PostgreSQL, SKIP LOCKED lets instances claim side by side without waiting on each other.
 */
export async function claimDue(
  db: Kysely<Database>,
  dialect: DialectName,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedDelivery[]> {
  return db.transaction().execute(async (trx) => {
    let due = trx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit);
    if (dialect === 'postgres') due = due.forUpdate().skipLocked();
    const ids = (await due.execute()).map((r) => r.id);
    if (!ids.length) return [];
    await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({ next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1), last_attempt_at: now }))
      .where('id', 'in', ids)
      .execute();
    const rows = await trx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhooks', 'webhooks.id', 'webhook_deliveries.webhook_id')
      .selectAll('webhook_deliveries')
      .select(['webhooks.url', 'webhooks.secret', 'webhooks.active'])
      .where('webhook_deliveries.id', 'in', ids)
      .orderBy('webhook_deliveries.id')
      .execute();
    return rows as ClaimedDelivery[];
  });
}

export async function markSent(db: Db, d: { id: number; webhookId: number; status: number }, now: string) {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'sent', sent_at: now, response_status: d.status, last_error: '' })
    .where('id', '=', d.id)
    .execute();
  await db
    .updateTable('webhooks')
    .set({ failing_since: null })
    .where('id', '=', d.webhookId)
    .where('failing_since', 'is not', null)
    .execute();
}

export async function markRetry(
  db: Db,
  d: { id: number; status: number | null; error: string; nextAttemptAt: string },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ next_attempt_at: d.nextAttemptAt, response_status: d.status, last_error: d.error.slice(0, 500) })
    .where('id', '=', d.id)
    .execute();
}

/** Gives up on a delivery, and marks its hook failing (unless it already is). */
export async function markFailed(
  db: Kysely<Database>,
  d: { id: number; webhookId: number; status: number | null; error: string },
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'failed', response_status: d.status, last_error: d.error.slice(0, 500) })
      .where('id', '=', d.id)
      .execute();
    await trx
      .updateTable('webhooks')
      .set({ failing_since: now })
      .where('id', '=', d.webhookId)
      .where('failing_since', 'is', null)
      .execute();
  });
}

/** Ends the pending deliveries of a hook turned off: they would otherwise wait for it forever. */
export async function cancelPending(db: Db, webhookId: number, reason: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', last_error: reason })
    .where('webhook_id', '=', webhookId)
    .where('status', '=', 'pending')
    .execute();
}

export function listDeliveries(db: Db, webhookId: number, limit: number): Promise<DeliveryRow[]> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('webhook_id', '=', webhookId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** When the worker next has something to do, so it can sleep until then. */
export async function nextDueTime(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.next ? new Date(String(row.next)).toISOString() : null;
}
