import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../accounts/roles.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Database } from '../db/schema.js';
import type { DbHandle } from '../db/index.js';
import { badRequest, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { refusedUrl } from './sender.js';
import {
  cancelPending,
  deleteWebhook,
  enqueueForOne,
  enqueueForSubscribers,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  setWebhookActive,
  type DeliveryRow,
  type WebhookRow,
} from './webhooks.repo.js';
import { webhookFormSchema, type WebhookEvent } from './webhooks.schema.js';

export { WEBHOOK_EVENTS, type WebhookEvent } from './webhooks.schema.js';
export { eventsOf, type DeliveryRow, type WebhookRow } from './webhooks.repo.js';

type Db = Kysely<Database> | Transaction<Database>;

const w = messages.webhooks;

/**
 * Queues `event` for every active hook that asked for it. Call it INSIDE the transaction that makes the
 * change: the delivery commits (or rolls back) with it, and the worker sends it after the commit.
 * `data.path`, a site path, reaches receivers as an absolute `data.url`.
 *
 * The documents module publishes with:
 *   await enqueueWebhookEvent(trx, 'document.published', { id, title, path, publishedAt }, now);
 */
export async function enqueueWebhookEvent(
  trx: Db,
  event: WebhookEvent,
  data: Record<string, unknown>,
  now: string,
): Promise<void> {
  await enqueueWebhookEvents(trx, event, [data], now);
}

/** The same for many changes of one kind (an import's documents), in two statements. */
export async function enqueueWebhookEvents(
  trx: Db,
  event: WebhookEvent,
  data: readonly Record<string, unknown>[],
  now: string,
): Promise<void> {
  await enqueueForSubscribers(
    trx,
    event,
    data.map((d) => payloadOf(event, d, now)),
    now,
  );
}

function payloadOf(event: string, data: Record<string, unknown>, now: string): string {
  // The id is the event's, the same for every hook: a receiver that gets a retry it already has can tell.
  return JSON.stringify({ id: randomUUID(), event, occurredAt: now, data });
}

export interface WebhookServiceDeps {
  db: DbHandle;
  now: () => Date;
  allowPrivate: boolean;
}

export async function listWebhooksForAdmin(deps: WebhookServiceDeps, actor: Actor | null): Promise<WebhookRow[]> {
  assertCanOnSite(actor, 'manageSettings');
  return listWebhooks(deps.db.kysely);
}

export async function webhookWithLog(
  deps: WebhookServiceDeps,
  actor: Actor | null,
  id: number,
): Promise<{ hook: WebhookRow; deliveries: DeliveryRow[] }> {
  assertCanOnSite(actor, 'manageSettings');
  const hook = await findWebhook(deps.db.kysely, id);
  if (!hook) throw notFound(w.notFound);
  return { hook, deliveries: await listDeliveries(deps.db.kysely, id, 100) };
}

export async function createWebhook(deps: WebhookServiceDeps, actor: Actor | null, input: unknown): Promise<number> {
  assertCanOnSite(actor, 'manageSettings');
  const form = parseOr400(webhookFormSchema, input);
  // The sender checks every address a name resolves to when it connects; `localhost` is refused here already.
  const named = /^localhost\.?$/i.test(new URL(form.url).hostname);
  if (refusedUrl(form.url, deps.allowPrivate) || (named && !deps.allowPrivate)) throw badRequest(w.privateUrl);
  const now = deps.now().toISOString();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const id = await insertWebhook(
      trx,
      {
        url: form.url,
        secret: randomBytes(24).toString('base64url'),
        events: form.events,
        description: form.description,
        createdBy: actor.id,
      },
      now,
    );
    await recordAudit(trx, {
      actor,
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: id,
      detail: form.url,
      now,
    });
    return id;
  });
}

export async function setWebhookEnabled(
  deps: WebhookServiceDeps,
  actor: Actor | null,
  id: number,
  enabled: boolean,
): Promise<void> {
  const { hook } = await webhookWithLog(deps, actor, id);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await setWebhookActive(trx, id, enabled, now);
    if (!enabled) await cancelPending(trx, id, 'webhook turned off');
    const action = enabled ? 'webhook.enable' : 'webhook.disable';
    await recordAudit(trx, { actor, action, entityType: 'webhook', entityId: id, detail: hook.url, now });
  });
}

export async function removeWebhook(deps: WebhookServiceDeps, actor: Actor | null, id: number): Promise<void> {
  const { hook } = await webhookWithLog(deps, actor, id);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await deleteWebhook(trx, id);
    await recordAudit(trx, {
      actor,
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: id,
      detail: hook.url,
      now,
    });
  });
}

/** Queues a `ping` for one hook, through the same outbox and worker as real events. */
export async function queueTestDelivery(deps: WebhookServiceDeps, actor: Actor | null, id: number): Promise<void> {
  const { hook } = await webhookWithLog(deps, actor, id);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await enqueueForOne(trx, id, 'ping', payloadOf('ping', { webhookId: id }, now), now);
    await recordAudit(trx, {
      actor,
      action: 'webhook.test',
      entityType: 'webhook',
      entityId: id,
      detail: hook.url,
      now,
    });
  });
}
