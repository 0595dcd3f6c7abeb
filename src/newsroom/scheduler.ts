import { sql, type Transaction } from 'kysely';
import { recordAudit } from '../audit/audit.service.js';
import { refreshPublishedCounts } from '../categories/categories.service.js';
import type { Database } from '../db/index.js';
import { notifyArticleEvent, type NewsroomDeps } from './newsroom.service.js';
import { clearSchedulePending, listDueScheduled, nextScheduledTime } from './newsroom.repo.js';

// A long sleep would miss a schedule made by another process (the CLI, a second
// instance), so the scheduler also looks every minute.
const MAX_SLEEP_MS = 60_000;

/**
 * Carries out scheduled publishing. The article is already `published` with a
 * future time, so public pages show it when its time comes; what is left is to
 * recount categories and drop cached pages. The work is read from the database
 * on every run, so a restart (or a crash) loses no schedule.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;
  /** Read by /metrics. */
  readonly runs = { ok: 0, failed: 0, published: 0 };

  constructor(
    private readonly deps: NewsroomDeps,
    private readonly log: { error(obj: object, msg: string): void } = console,
    /** Announces the publishing in its own transaction (src/site/site.ts); without it, deps.contentChanged after the commit. */
    private readonly content?: { announceIn(trx: Transaction<Database>): Promise<void>; dropCaches(): void },
  ) {}

  /** Never fails: with the database down the site still starts (and says so on /healthz); the timer retries. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.runDue().catch((err: unknown) => this.log.error({ err }, 'scheduled publishing failed; will retry'));
    await this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Finishes every schedule whose time has come; returns how many. Safe to call at any time. */
  runDue(): Promise<number> {
    // One run at a time: a timer firing during a slow run waits for it instead of racing it.
    this.running ??= this.runOnce()
      .then(
        (done) => {
          this.runs.ok++;
          this.runs.published += done;
          return done;
        },
        (err: unknown) => {
          this.runs.failed++;
          throw err;
        },
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  private async runOnce(): Promise<number> {
    const now = this.deps.now().toISOString();
    const tree = await this.deps.categories();
    const done = await this.deps.db.kysely.transaction().execute(async (trx) => {
      // Every instance runs a scheduler: one at a time per schema, and each reads what is due only once the one before
      // it has committed, so an article goes live once. SQLite's single writer already gives that on one machine.
      if (this.deps.db.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(current_schema() || '.scheduler'))`.execute(trx);
      const due = await listDueScheduled(trx, now);
      if (!due.length) return 0;
      await clearSchedulePending(
        trx,
        due.map((a) => a.id),
      );
      await refreshPublishedCounts(
        trx,
        due.flatMap((a) => [a.category_id, a.root_category_id]),
        now,
      );
      for (const a of due) {
        await recordAudit(trx, {
          actor: null,
          action: 'article.scheduled_live',
          entityType: 'article',
          entityId: a.id,
          detail: a.title,
          now,
        });
        await notifyArticleEvent(trx, tree, 'article.published', a, now);
      }
      await this.content?.announceIn(trx);
      return due.length;
    });
    if (done && this.content) this.content.dropCaches();
    else if (done) this.deps.contentChanged();
    return done;
  }

  /** Sleeps until the next schedule (or a minute), then runs and re-arms. */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    const next = await nextScheduledTime(this.deps.db.kysely).catch((err: unknown) => {
      this.log.error({ err }, 'scheduler could not read the next schedule; will retry');
      return null;
    });
    const wait = next
      ? Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - this.deps.now().getTime()))
      : MAX_SLEEP_MS;
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runDue()
        .catch((err: unknown) => this.log.error({ err }, 'scheduled publishing failed; will retry'))
        .finally(() => void this.arm());
    }, wait);
    // The scheduler never keeps a process alive on its own (CLI commands, tests).
    this.timer.unref();
  }
}
