import type { DbHandle } from '../db/index.js';
import { postJson } from './sender.js';
import { signatureHeader, SIGNATURE_HEADER } from './signature.js';
import {
  claimDue,
  cancelPending,
  markFailed,
  markRetry,
  markSent,
  nextDueTime,
  type ClaimedDelivery,
} from './webhooks.repo.js';

/** A delivery is retried for this long after its event, then given up and its hook marked failing. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** Longer than a send may take (SEND_TIMEOUT_MS): a claim outlives its attempt unless the process dies. */
const LEASE_MS = 2 * 60 * 1000;
const SEND_TIMEOUT_MS = 10_000;
const BATCH = 10;
const MAX_SLEEP_MS = 60_000;

/** 30 s after the first failure, doubling up to an hour: about 30 attempts in the 24 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

export interface WorkerDeps {
  db: DbHandle;
  now: () => Date;
  /** The site's origin: a payload's `path` is sent as an absolute `url`. */
  origin: () => string;
  allowPrivate: boolean;
  log: { error(obj: object, msg: string): void };
}

/**
 * Sends what the outbox holds, after the commits that wrote it, never in a request's path. It reads the
 * database on every run, so a restart loses nothing; it wakes on every committed change (Site.onChange,
 * other instances' too) and otherwise sleeps until the next retry is due, a minute at most.
 */
export class WebhookWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = true;
  /** Read by tests and, some day, /metrics. */
  readonly counts = { sent: 0, retried: 0, failed: 0 };

  constructor(private readonly deps: WorkerDeps) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Waits for sends in flight (each ends within SEND_TIMEOUT_MS), so none is cut off by the database closing. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Something may have been queued: run soon, off the caller's path. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), 0);
    this.timer.unref();
  }

  /** Sends everything due now; resolves with how many attempts were made. Safe to call at any time. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => (this.running = null));
    return this.running;
  }

  private async cycle(): Promise<void> {
    this.timer = null;
    await this.runDue().catch((err: unknown) =>
      this.deps.log.error({ err }, 'webhook delivery run failed; will retry'),
    );
    await this.arm();
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      this.again = false;
      const now = this.deps.now();
      const claimed = await claimDue(
        this.deps.db.kysely,
        this.deps.db.dialect,
        now.toISOString(),
        new Date(now.getTime() + LEASE_MS).toISOString(),
        BATCH,
      );
      await Promise.all(claimed.map((d) => this.deliver(d)));
      total += claimed.length;
      if (claimed.length < BATCH && !this.again) return total;
      if (this.stopped) return total;
    }
  }

  private async arm(): Promise<void> {
    if (this.stopped) return;
    if (this.again) return this.wake();
    const next = await nextDueTime(this.deps.db.kysely).catch(() => null);
    const wait = next
      ? Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - this.deps.now().getTime()))
      : MAX_SLEEP_MS;
    if (this.stopped || this.running || this.timer) return;
    this.timer = setTimeout(() => void this.cycle(), wait);
    this.timer.unref();
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const db = this.deps.db.kysely;
    if (!d.active) return cancelPending(db, d.webhook_id, 'webhook turned off');
    const body = withUrls(d.payload, this.deps.origin());
    const outcome = await postJson(
      d.url,
      body,
      {
        [SIGNATURE_HEADER]: signatureHeader(d.secret, body, Math.floor(this.deps.now().getTime() / 1000)),
        'x-toasoan-event': d.event,
        'x-toasoan-delivery': String(d.id),
        'user-agent': 'ToaSoan-Webhook/1',
      },
      { allowPrivate: this.deps.allowPrivate, timeoutMs: SEND_TIMEOUT_MS },
    );
    const now = this.deps.now();
    if (outcome.ok) {
      this.counts.sent++;
      return markSent(db, { id: d.id, webhookId: d.webhook_id, status: outcome.status }, now.toISOString());
    }
    if (now.getTime() - Date.parse(d.created_at) >= GIVE_UP_AFTER_MS) {
      this.counts.failed++;
      return markFailed(
        db,
        { id: d.id, webhookId: d.webhook_id, status: outcome.status, error: outcome.error },
        now.toISOString(),
      );
    }
    this.counts.retried++;
    await markRetry(db, {
      id: d.id,
      status: outcome.status,
      error: outcome.error,
      nextAttemptAt: new Date(now.getTime() + retryDelayMs(d.attempts)).toISOString(),
    });
  }
}

/** A payload stores site paths (`data.path`); receivers get absolute URLs, made with the origin of the time of sending. */
function withUrls(payload: string, origin: string): string {
  const value = JSON.parse(payload) as { data?: Record<string, unknown> };
  if (value.data && typeof value.data.path === 'string') {
    const { path, ...rest } = value.data;
    value.data = { ...rest, url: origin + path };
  }
  return JSON.stringify(value);
}
