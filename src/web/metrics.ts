import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Registry, collectDefaultMetrics, type LabelValues } from 'prom-client';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/index.js';
import type { PageCache } from './page-cache.js';

/** What the features tell the metrics; this file knows none of them. */
export interface MetricsDeps {
  db: Pick<DbHandle, 'dialect' | 'stats'>;
  /** Scheduled publishing's running totals (src/newsroom/scheduler.ts). */
  schedulerRuns: { readonly ok: number; readonly failed: number; readonly published: number };
  /** Comments waiting for moderation: one count query, run on each scrape. */
  pendingComments: () => Promise<number>;
  /** By the label they get: `pages`, `search`. */
  caches: Readonly<Record<string, PageCache>>;
}

/** Requests no route matched: one label, so scanners cannot mint a series per URL. */
const UNMATCHED = '(unmatched)';

let processRegistry: Registry | undefined;

/** Node's own metrics (event-loop lag, heap, GC) once per process, however many apps the tests build. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Prometheus metrics at /metrics. Per request only a histogram observation
 * (see RequestDurations); everything
 * else (cache counts, database time, scheduler runs, the moderation queue)
 * is read when Prometheus scrapes. The front lane's answers never reach
 * Fastify, so they are counted by a plain increment there and read here.
 * Call it before the routes are registered (for the hook); `expose` once the rest exists.
 */
export function registerMetrics(
  app: FastifyInstance,
  config: Pick<Config, 'metrics'>,
): { expose(deps: MetricsDeps): void } {
  // Off: no hook, no Node collectors, and /metrics is the 404 page like any unknown address.
  if (!config.metrics.enabled) return { expose: () => undefined };
  const nodeMetrics = processMetrics();
  const registry = new Registry();
  const durations = new RequestDurations();
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    durations.observe(
      request.routeOptions.url ?? UNMATCHED,
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  const allowed = allowList(config.metrics.allow);
  const { token } = config.metrics;
  app.get('/metrics', async (request, reply) => {
    if (!allowed(request.ip) && !(token && bearerMatches(request.headers.authorization, token)))
      return reply.callNotFound();
    const text = (await nodeMetrics.metrics()) + durations.text() + (await registry.metrics());
    return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
  });
  return { expose: (deps) => scrapedMetrics(registry, deps, app.log) };
}

function scrapedMetrics(registry: Registry, deps: MetricsDeps, log: FastifyBaseLogger): void {
  const caches = Object.entries(deps.caches);
  countersFrom(registry, 'toasoan_page_cache_hits_total', 'Cached pages the router found', ['cache'], () =>
    caches.map(([name, cache]) => [{ cache: name }, cache.hits]),
  );
  countersFrom(
    registry,
    'toasoan_page_cache_misses_total',
    'Pages the router had to render (not cached, expired or changed)',
    ['cache'],
    () => caches.map(([name, cache]) => [{ cache: name }, cache.misses]),
  );
  countersFrom(
    registry,
    'toasoan_front_lane_responses_total',
    'Cached pages sent to guests before routing (not in the request histogram)',
    ['cache'],
    () => caches.map(([name, cache]) => [{ cache: name }, cache.frontHits]),
  );
  const { db } = deps;
  countersFrom(registry, 'toasoan_db_queries_total', 'Database queries run', ['dialect'], () => [
    [{ dialect: db.dialect }, db.stats().queries],
  ]);
  countersFrom(
    registry,
    'toasoan_db_query_seconds_total',
    'Time spent waiting for database queries (busy time)',
    ['dialect'],
    () => [[{ dialect: db.dialect }, db.stats().seconds]],
  );
  new Gauge({
    name: 'toasoan_db_pool_connections',
    help: 'PostgreSQL pool connections by state (waiting = queries queued for a connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = db.stats().pool;
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  const runs = deps.schedulerRuns;
  countersFrom(registry, 'toasoan_scheduler_runs_total', 'Scheduled-publishing runs, by result', ['result'], () => [
    [{ result: 'ok' }, runs.ok],
    [{ result: 'failed' }, runs.failed],
  ]);
  countersFrom(
    registry,
    'toasoan_scheduler_published_total',
    'Articles whose scheduled time came and were published',
    [],
    () => [[{}, runs.published]],
  );
  new Gauge({
    name: 'toasoan_comments_pending',
    help: 'Comments waiting for moderation (counted on each scrape)',
    registers: [registry],
    async collect() {
      // With the database away the scrape still answers, without this gauge's value changing.
      try {
        this.set(await deps.pendingComments());
      } catch (err) {
        log.warn({ err }, 'metrics: cannot count the comments waiting for moderation');
      }
    },
  });
}

const DURATION = 'toasoan_http_request_duration_seconds';
const BOUNDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface DurationSeries {
  labels: string;
  /** Per bucket, not cumulative; the last is above every bound. */
  counts: number[];
  sum: number;
}

/**
 * The request histogram, kept by hand: prom-client's observe() builds a label
 * object and a hash string on every call. Here a request costs three map
 * look-ups and an increment; the text is written on scrape.
 */
class RequestDurations {
  private readonly series = new Map<string, Map<string, Map<number, DurationSeries>>>();

  observe(route: string, method: string, status: number, seconds: number): void {
    let byMethod = this.series.get(route);
    if (!byMethod) this.series.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let one = byStatus.get(status);
    if (!one) {
      one = {
        labels: `route="${escapeLabel(route)}",method="${escapeLabel(method)}",status="${status}"`,
        counts: new Array<number>(BOUNDS.length + 1).fill(0),
        sum: 0,
      };
      byStatus.set(status, one);
    }
    let bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]!) bucket++;
    one.counts[bucket]!++;
    one.sum += seconds;
  }

  text(): string {
    const lines = [
      `# HELP ${DURATION} Requests answered by the router, by route pattern, method and status (the front lane is counted apart)`,
      `# TYPE ${DURATION} histogram`,
    ];
    for (const byMethod of this.series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum } of byStatus.values()) {
          let cumulative = 0;
          BOUNDS.forEach((bound, i) => {
            cumulative += counts[i]!;
            lines.push(`${DURATION}_bucket{le="${bound}",${labels}} ${cumulative}`);
          });
          cumulative += counts[BOUNDS.length]!;
          lines.push(
            `${DURATION}_bucket{le="+Inf",${labels}} ${cumulative}`,
            `${DURATION}_sum{${labels}} ${sum}`,
            `${DURATION}_count{${labels}} ${cumulative}`,
          );
        }
      }
    }
    return `${lines.join('\n')}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** A counter whose value lives elsewhere as a plain number, brought up to date on scrape. */
function countersFrom<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => [LabelValues<L>, number][],
): void {
  const seen = new Map<string, number>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const [labels, value] of read()) {
        const key = JSON.stringify(labels);
        const delta = value - (seen.get(key) ?? 0);
        if (delta > 0) this.inc(labels, delta);
        else this.inc(labels, 0);
        seen.set(key, value);
      }
    },
  });
}

/** METRICS_ALLOW: addresses and CIDRs; an IPv4 client seen as `::ffff:a.b.c.d` is matched as IPv4. */
export function allowList(entries: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (ip) => {
    const v4 = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
    return list.check(v4, isIPv4(v4) ? 'ipv4' : 'ipv6');
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}
