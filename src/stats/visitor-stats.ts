import { createHmac, randomBytes } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/availability.js';
import type { DbHandle } from '../db/index.js';
import { vnDateParts } from '../vi/dates.js';
import { addBatch, forgetInstances, readTotals, readViews, type StatsTotals } from './stats.repo.js';

/** "Đang truy cập": visitors seen in the last five minutes, as portals count them. */
export const ONLINE_WINDOW_MS = 5 * 60_000;
/** How often counts go to the database: one write a few seconds, whatever the traffic. */
export const FLUSH_MS = 5_000;
/** Visits one client may add in a minute: more than a reader clicks, few enough that a script gains little. */
export const RATE_LIMIT = { max: 30, windowMs: 60_000 } as const;
/** Clients tracked at once (online and rate windows): bounds memory against many forged addresses. */
export const MAX_CLIENTS = 50_000;
/** Distinct articles in one batch; views of others wait for the next flush's room (are not counted). */
export const MAX_PENDING_ARTICLES = 10_000;
/** Stored views kept for beacon answers. */
const VIEW_CACHE = 10_000;
/** The hashing key lives a day, and in memory only: a client's key cannot be linked across days or restarts. */
const SALT_LIFETIME_MS = 24 * 3_600_000;
/** Other instances' counts are read again at least this often, even on an idle instance. */
const REFRESH_MS = 30_000;
/** An instance that has not reported for this long is not running: its visitors no longer count. */
const INSTANCE_STALE_MS = 30_000;

/** Crawlers, link previews, monitors and HTTP libraries: not readers. Most run no script and never send a beacon. */
const BOT_UA =
  /bot\b|bot\/|crawl|spider|slurp|scrap|headless|lighthouse|pagespeed|preview|monitor|pingdom|uptime|curl|wget|python|java\/|go-http|okhttp|axios|node-fetch|undici|httpclient|libwww|facebookexternalhit|embedly|phantomjs|selenium|puppeteer|playwright/i;

export function isBot(userAgent: string | undefined): boolean {
  return !userAgent || userAgent.length < 10 || BOT_UA.test(userAgent);
}

export type Verdict = 'counted' | 'bot' | 'limited';

export interface StatsLog {
  warn(obj: object, msg: string): void;
}

interface Client {
  seen: number;
  windowStart: number;
  hits: number;
}

/** The day and month keys of an instant in Vietnam: YYYY-MM-DD and YYYY-MM. */
export function vnDayKey(at: Date): { day: string; month: string } {
  const p = vnDateParts(at);
  const month = `${p.year}-${String(p.month).padStart(2, '0')}`;
  return { day: `${month}-${String(p.day).padStart(2, '0')}`, month };
}

/**
 * Visitor statistics counted in memory and added to the database in batches,
 * so a page view costs no write. A batch that cannot be written (database
 * away) is dropped and logged, never kept for a retry that could grow without
 * end. Each instance adds its own increments, and reports its own visitors of
 * the last minutes beside the others', so several instances add up.
 */
export class VisitorStats {
  readonly instance = randomBytes(8).toString('hex');
  private salt = randomBytes(32);
  private saltSince: number;
  private clients = new Map<string, Client>();
  private days = new Map<string, number>();
  private views = new Map<number, number>();
  private totals: StatsTotals = { online: 0, today: 0, month: 0, total: 0 };
  /** The day and month `totals` were read in: after midnight, "today" starts again from nothing. */
  private totalsAt = { day: '', month: '' };
  private readAt = -Infinity;
  private lastOnline = 0;
  private reads = 0;
  private knownViews = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;
  private stopped: Promise<void> | undefined;
  /** Visits and views lost with batches that could not be written (for logs and tests). */
  dropped = 0;

  constructor(
    private readonly db: DbHandle,
    private readonly log: StatsLog,
    private readonly now: () => Date = () => new Date(),
    private readonly flushMs = FLUSH_MS,
  ) {
    this.saltSince = now().getTime();
  }

  /** Counts one page view from a beacon. `client` is the address: hashed at once, never kept as it came. */
  record(visit: { client: string; userAgent: string | undefined; articleId?: number }): Verdict {
    if (isBot(visit.userAgent)) return 'bot';
    const at = this.now();
    const ms = at.getTime();
    if (ms - this.saltSince >= SALT_LIFETIME_MS) this.rotate(ms);
    const key = createHmac('sha256', this.salt).update(visit.client).digest('base64url').slice(0, 22);
    let client = this.clients.get(key);
    if (!client) {
      if (this.clients.size >= MAX_CLIENTS) return 'limited';
      client = { seen: ms, windowStart: ms, hits: 0 };
      this.clients.set(key, client);
    }
    client.seen = ms;
    if (ms - client.windowStart >= RATE_LIMIT.windowMs) {
      client.windowStart = ms;
      client.hits = 0;
    }
    if (++client.hits > RATE_LIMIT.max) return 'limited';
    const { day } = vnDayKey(at);
    this.days.set(day, (this.days.get(day) ?? 0) + 1);
    if (visit.articleId !== undefined) {
      const n = this.views.get(visit.articleId);
      if (n !== undefined) this.views.set(visit.articleId, n + 1);
      else if (this.views.size < MAX_PENDING_ARTICLES) this.views.set(visit.articleId, 1);
    }
    return 'counted';
  }

  /** The figures as of the last flush, plus what this instance has counted since. */
  snapshot(): StatsTotals {
    const { day, month } = vnDayKey(this.now());
    const t = this.totals;
    let today = this.totalsAt.day === day ? t.today : 0;
    let thisMonth = this.totalsAt.month === month ? t.month : 0;
    let total = t.total;
    for (const [d, n] of this.days) {
      total += n;
      if (d === day) today += n;
      if (d.startsWith(month)) thisMonth += n;
    }
    return { online: t.online, today, month: thisMonth, total };
  }

  /** An article's views, stored and pending; read once from the database when not known yet (undefined if it cannot be). */
  async viewsOf(articleId: number): Promise<number | undefined> {
    let stored = this.knownViews.get(articleId);
    if (stored === undefined) {
      try {
        stored = (await readViews(this.db.kysely, [articleId])).get(articleId) ?? 0;
      } catch {
        return undefined;
      }
      this.remember(articleId, stored);
    }
    return stored + (this.views.get(articleId) ?? 0);
  }

  /** Writes what was counted since the last flush and reads every instance's totals back. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  start(): Promise<void> {
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
    // A timer must not keep a CLI or a test process alive.
    this.timer.unref();
    return this.flush();
  }

  /** On shutdown: the last counts are written before the database closes. Once: later calls find it done. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped ??= (async () => {
      await this.flushing;
      await this.flush();
    })();
    return this.stopped;
  }

  private async write(): Promise<void> {
    const at = this.now();
    const ms = at.getTime();
    const online = this.prune(ms);
    const { days, views } = this;
    this.days = new Map();
    this.views = new Map();
    const changed = days.size > 0 || views.size > 0 || online > 0 || this.lastOnline > 0;
    if (!changed && ms - this.readAt < REFRESH_MS) return;
    const iso = at.toISOString();
    if (changed) {
      try {
        const batch = { days, views, instance: this.instance, online, at: iso };
        await addBatch(this.db.kysely, batch).catch((err: unknown) => {
          // A PostgreSQL connection cut while the database was away can still sit idle in the pool; it is
          // dropped as it fails, so one more try takes a live one (and fails again if the database is still away).
          if (this.db.dialect !== 'postgres' || !isDatabaseUnavailable(err)) throw err;
          return addBatch(this.db.kysely, batch);
        });
        this.lastOnline = online;
      } catch (err) {
        // Dropped, not retried: a database away for an hour must not become an hour of batches in memory.
        let visits = 0;
        for (const n of days.values()) visits += n;
        this.dropped += visits;
        this.log.warn({ err, visits, articles: views.size }, 'visitor statistics: could not write a batch; dropped');
        return;
      }
    }
    try {
      const { day, month } = vnDayKey(at);
      const since = new Date(ms - Math.max(INSTANCE_STALE_MS, 3 * this.flushMs)).toISOString();
      const totals = await readTotals(this.db.kysely, { today: day, monthPrefix: `${month}-`, since });
      this.totals = totals;
      this.totalsAt = { day, month };
      this.readAt = ms;
      if (views.size > 0)
        for (const [id, n] of await readViews(this.db.kysely, [...views.keys()])) this.remember(id, n);
      // Rows of instances gone for an hour: rarely, since they are already left out of the sum.
      if (++this.reads % 100 === 1) await forgetInstances(this.db.kysely, new Date(ms - 3_600_000).toISOString());
    } catch (err) {
      this.log.warn({ err }, 'visitor statistics: could not read the totals');
    }
  }

  /** Forgets clients gone quiet; returns how many were seen in the online window. */
  private prune(ms: number): number {
    let online = 0;
    for (const [key, c] of this.clients) {
      const quiet = ms - c.seen;
      if (quiet >= ONLINE_WINDOW_MS && ms - c.windowStart >= RATE_LIMIT.windowMs) this.clients.delete(key);
      else if (quiet < ONLINE_WINDOW_MS) online++;
    }
    return online;
  }

  private rotate(ms: number): void {
    this.salt = randomBytes(32);
    this.saltSince = ms;
    this.clients.clear();
  }

  private remember(id: number, views: number): void {
    this.knownViews.delete(id);
    this.knownViews.set(id, views);
    if (this.knownViews.size > VIEW_CACHE) this.knownViews.delete(this.knownViews.keys().next().value as number);
  }
}
