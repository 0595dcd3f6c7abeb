import type { ColumnType, Generated } from 'kysely';
import { z } from 'zod';
import { messages } from '../messages/vi.js';

type Timestamp = string;

/** What a hook can be told about. `ping` is the back office's test delivery, sent to one hook only. */
export const WEBHOOK_EVENTS = [
  'article.published',
  'article.updated',
  'article.unpublished',
  'comment.published',
  'document.published',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  secret: string;
  /** Comma-wrapped: ",article.published,comment.published,". */
  events: string;
  description: ColumnType<string, string | undefined, string>;
  active: ColumnType<number, number | undefined, number>;
  /** Set when a delivery gave up after its 24 hours; cleared by the next one that arrives. */
  failing_since: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  event: string;
  /** The exact body sent, so every retry is signed over the same bytes. */
  payload: string;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  last_attempt_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  response_status: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  sent_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface WebhookTables {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

const w = messages.webhooks;

/** The back office's form: one URL, at least one event. */
export const webhookFormSchema = z.object({
  url: z
    .string(w.badUrl)
    .trim()
    .max(2000, w.badUrl)
    .pipe(z.url({ protocol: /^https?$/, error: w.badUrl })),
  description: z.string().trim().max(200, w.descriptionTooLong).default(''),
  events: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(WEBHOOK_EVENTS, w.noEvents)).min(1, w.noEvents),
  ),
});
