/**
 * Page benchmark: seeds N generated articles into a temp SQLite database,
 * starts the real server, and loads the article, home and category pages with
 * wrk, next to a bare node:http server answering the same bytes from memory
 * (for the article row, which rotates over 1,000 URLs, each URL's own page).
 * Prints requests/s, p50/p99 latency, server CPU per request and the ratio to
 * the bare server, with the page cache on and off, as the median of several
 * interleaved rounds. Also an article with 500 approved comments (first and
 * newest comment page). Targets only 127.0.0.1 and stops by itself.
 *
 * With --postgres URL the same site is seeded into a fresh schema there and
 * the same servers run on it in the same rounds, with the CPU the PostgreSQL
 * backends used per request beside the server's. The cached article page is
 * also served by a server with METRICS=0, for the cost of /metrics.
 *
 *   npm run bench -- --articles 10000 --duration 5 --connections 50 --rounds 3
 *   npm run bench -- --postgres postgres://postgres@127.0.0.1:5432/test --pages article,home
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { Progress } from '../src/cli/progress.js';
import { COMMENTS_PER_PAGE, insertComment, refreshCommentCounts } from '../src/comments/comments.repo.js';
import { createDb, type DbHandle } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedBenchArticles } from './seed-articles.js';
import { serverNodeFlags } from './server-flags.js';
import {
  cpuSeconds,
  measure as measureWrk,
  median,
  medianRun as summary,
  rotatingScript,
  wrk as runWrk,
  wrkInstalled,
  type Run,
} from './wrk.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    // `serve --workers N`: throughput across N processes, beside one process rendering every page.
    workers: { type: 'string', default: '1' },
    // A PostgreSQL server to run the same pages on, beside SQLite; the site goes into a schema of its own, dropped after.
    postgres: { type: 'string' },
    // Only these pages (names from the table, comma-separated).
    pages: { type: 'string' },
  },
});
const ARTICLES = Number(values.articles);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const WORKERS = Number(values.workers) || 1;
const SERVE = ['serve', '--workers', String(WORKERS)];
/** Issue 3: an article with this many approved comments must still meet the page targets. */
const COMMENTS = 500;
if (!(ARTICLES > 0 && DURATION > 0 && CONNECTIONS > 0 && ROUNDS > 0))
  throw new Error('--articles, --duration, --connections and --rounds take positive numbers');
if (!wrkInstalled()) {
  console.error('bench: wrk is not installed (apt-get install wrk)');
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-bench-'));
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Server {
  url: string;
  pid: number;
  child: ChildProcess;
  /** On PostgreSQL: the application_name its connections carry. */
  application?: string;
}

function start(args: string[], env: Record<string, string> = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running: (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ url: m[1]!, pid: child.pid!, child });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/** The generated articles, and one article (outside the rotating sample) with the comments. */
async function seed(handle: DbHandle, label: string) {
  await migrateToLatest(handle);
  const progress = new Progress(`seeding ${ARTICLES} articles (${label})`, ARTICLES);
  let last = 0;
  await seedBenchArticles(handle, ARTICLES, (n) => {
    progress.tick(n - last);
    last = n;
  });
  progress.finish();
  const busy = await handle.kysely
    .selectFrom('articles')
    .innerJoin('categories', 'categories.id', 'articles.category_id')
    .select(['articles.id', 'articles.slug', 'categories.slug as category'])
    .where('articles.id', '=', 2)
    .executeTakeFirstOrThrow();
  await handle.kysely.transaction().execute(async (trx) => {
    for (let i = 1; i <= COMMENTS; i++) {
      const body = `Ý kiến số ${i} của bạn đọc về bài viết này, viết đủ dài như một ý kiến thật thường thấy.`;
      const at = new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString();
      const write = {
        article_id: busy.id,
        parent_id: null,
        user_id: null,
        author_name: `Bạn đọc ${i}`,
        author_email: null,
        body,
        status: 'approved' as const,
        is_official: 0,
        ip: '',
        content_hash: `bench-${i}`,
      };
      await insertComment(trx, write, at);
    }
    await refreshCommentCounts(trx, [busy.id]);
  });
  // Planner statistics, as autovacuum would have gathered on a live site by now.
  if (handle.dialect === 'postgres') await sql`analyze`.execute(handle.kysely);
  return busy;
}

// 1. Seed, the same generated site on each database (so the same ids and paths).
const dbFile = path.join(dir, 'bench.db');
const handle = createDb(`sqlite:${dbFile}`);
const busy = await seed(handle, 'SQLite');
const sample = await handle.kysely
  .selectFrom('articles')
  .innerJoin('categories', 'categories.id', 'articles.category_id')
  .select(['articles.id', 'articles.slug', 'categories.slug as category'])
  .orderBy('articles.id')
  .where((eb) => eb(eb.fn('abs', [eb('articles.id', '%', 7)]), '=', 3))
  .limit(1000)
  .execute();
await handle.destroy();

const postgres = values.postgres ? await postgresSchema(values.postgres) : undefined;
async function postgresSchema(base: string) {
  const schema = `pages_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const pgHandle = createDb(url.toString());
  await seed(pgHandle, 'PostgreSQL');
  await pgHandle.destroy();
  return {
    url,
    /** The backends serving one server's pool, found by the application name it connects with. */
    async backends(name: string): Promise<number[]> {
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where application_name = $1',
        [name],
      );
      return rows.map((r) => r.pid);
    },
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

const commented = `/${busy.category}/${busy.slug}-${busy.id}.html`;
const articlePaths = sample.map((a) => `/${a.category}/${a.slug}-${a.id}.html`);
const bigCategory = sample[0]!.category;

const env = { DATABASE_URL: `sqlite:${dbFile}`, DEMO_CONTENT: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
const allPages: { name: string; path: string; script?: string; paths?: string[] }[] = [
  {
    name: 'article',
    path: articlePaths[0]!,
    script: rotatingScript(dir, 'articles', articlePaths),
    paths: articlePaths,
  },
  { name: 'home', path: '/' },
  { name: 'category p.2', path: `/${bigCategory}?trang=2` },
  { name: '500 comments', path: commented },
  { name: '…newest page', path: `${commented}?y-kien=${Math.ceil(COMMENTS / COMMENTS_PER_PAGE)}` },
];
const only = values.pages?.split(',').map((p) => p.trim());
const pages = only ? allPages.filter((p) => only.includes(p.name)) : allPages;
if (!pages.length) throw new Error(`--pages names none of: ${allPages.map((p) => p.name).join(', ')}`);

const load = (script?: string) => ({ connections: CONNECTIONS, duration: DURATION, script });
const wrk = (url: string, script?: string) => runWrk(url, load(script));

interface Measured extends Run {
  /** CPU microseconds per request of the PostgreSQL backends serving this server (PostgreSQL only). */
  dbCpuUs?: number;
}
async function measure(server: Server, url: string, script?: string): Promise<Measured> {
  if (!server.application || !postgres) return measureWrk(server.pid, url, load(script));
  // Backends come and go with the pool (idle ones close after 10 s): a new one's CPU all falls in the run.
  const cpu = async () =>
    new Map((await postgres.backends(server.application!)).flatMap((pid) => alive(pid, () => [pid, cpuSeconds(pid)])));
  const before = await cpu();
  const run = measureWrk(server.pid, url, load(script));
  let used = 0;
  for (const [pid, seconds] of await cpu()) used += seconds - (before.get(pid) ?? 0);
  return { ...run, dbCpuUs: (used * 1e6) / (run.rps * DURATION) };
}

/** `read()` for a process that may have exited since it was listed. */
function alive<T>(pid: number, read: () => T): T[] {
  try {
    return [read()];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

const bin = path.join(root, 'bin/toasoan.js');
const flags = serverNodeFlags(root);
// Cached pages are kept for the whole run (the cache's byte bound still holds): with several servers a round
// outlasts the default, and a page rendered again in the middle of a run is not what the column measures.
const KEEP = '3600';
const servers = {
  cached: await start([...flags, bin, ...SERVE], { ...env, PAGE_CACHE_SECONDS: KEEP }),
  uncached: await start([...flags, bin, ...SERVE], { ...env, PAGE_CACHE_SECONDS: '0' }),
  // The same cached site with /metrics off: what metrics cost on the cached article page.
  noMetrics: await start([...flags, bin, ...SERVE], { ...env, PAGE_CACHE_SECONDS: KEEP, METRICS: '0' }),
  ...(postgres ? { pgCached: await onPostgres('cached', KEEP), pgUncached: await onPostgres('uncached', '0') } : {}),
  // With several workers, one process rendering every page: what the workers gain (issue 16: ≥ 1.7× with 2 on 2 cores).
  ...(WORKERS > 1 ? { single: await start([...flags, bin, 'serve'], { ...env, PAGE_CACHE_SECONDS: '0' }) } : {}),
};
async function onPostgres(name: string, seconds: string): Promise<Server> {
  const url = new URL(postgres!.url);
  const application = `toasoan-bench-${name}-${randomBytes(3).toString('hex')}`;
  url.searchParams.set('application_name', application);
  const server = await start([...flags, bin, ...SERVE], {
    ...env,
    DATABASE_URL: url.toString(),
    PAGE_CACHE_SECONDS: seconds,
  });
  return { ...server, application };
}
type Kind = keyof typeof servers;

/**
 * fetch, once more on a fresh connection when the pooled one turns out closed: wrk runs with this
 * process blocked (spawnSync), so a server that closed an idle keep-alive connection meanwhile is
 * only noticed when the next request is written to it.
 */
async function get(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
    return fetch(url);
  }
}

type Row = {
  page: string;
  bytes: number;
  bare: Run;
  /** Cached over bare req/s, median of the rounds' ratios. */
  ratio: Partial<Record<Kind, number>>;
  /** PostgreSQL's uncached req/s over SQLite's. */
  pgRatio?: number;
  /** 1 − req/s with metrics over req/s without. */
  metricsCost?: number;
  /** Every page rendered: req/s of the workers over one process's. */
  workerGain?: number;
} & Partial<Record<Kind, Measured>>;
const rows: Row[] = [];
for (const page of pages) {
  // The bare server answers each path of the row with that page's own bytes, as the app does.
  const manifest: Record<string, string> = {};
  for (const [i, p] of (page.paths ?? [page.path]).entries()) {
    const res = await get(servers.cached.url + p);
    if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
    const file = path.join(dir, `body-${i}.html`);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    manifest[p] = file;
  }
  const manifestFile = path.join(dir, 'bodies.json');
  writeFileSync(manifestFile, JSON.stringify(manifest));
  const body = readFileSync(manifest[page.path]!);
  const bare = await start(['--import', 'tsx', path.join(root, 'bench/bare-server.ts'), manifestFile]);
  const kinds = (Object.keys(servers) as Kind[]).filter((k) => k !== 'noMetrics' || page.name === 'article');
  for (const s of [bare, ...kinds.map((k) => servers[k]!)]) wrk(s.url + page.path, page.script); // warm-up (JIT, SQLite page cache, pools)
  // Every page of a rotation in the page caches, so the cached servers are measured sending, not rendering.
  for (const k of kinds.filter((k) => k !== 'uncached' && k !== 'pgUncached' && k !== 'single'))
    for (const p of page.paths ?? []) await (await get(servers[k]!.url + p)).arrayBuffer();
  // Rounds alternate the servers, so a burst of load from elsewhere hits all of them, not one.
  const runs: Record<Kind | 'bare', Measured[]> = {
    bare: [],
    cached: [],
    uncached: [],
    noMetrics: [],
    pgCached: [],
    pgUncached: [],
    single: [],
  };
  // Every other round the app servers go in reverse order, so that what one run leaves behind (a
  // collection, the machine's drift) does not always fall on the same neighbour of a paired ratio.
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(await measure(bare, bare.url + page.path, page.script));
    for (const k of round % 2 ? [...kinds].reverse() : kinds)
      runs[k].push(await measure(servers[k]!, servers[k]!.url + page.path, page.script));
  }
  bare.child.kill('SIGKILL');
  const row: Row = {
    page: page.name,
    bytes: body.length,
    bare: summary(runs.bare),
    ratio: {},
  };
  for (const k of kinds) row.ratio[k] = median(runs[k].map((c, i) => c.rps / runs.bare[i]!.rps));
  for (const k of kinds) row[k] = { ...summary(runs[k]), dbCpuUs: optionalMedian(runs[k].map((r) => r.dbCpuUs)) };
  if (postgres) {
    row.pgRatio = median(runs.pgUncached.map((r, i) => r.rps / runs.uncached[i]!.rps));
  }
  if (WORKERS > 1) row.workerGain = median(runs.uncached.map((r, i) => r.rps / runs.single[i]!.rps));
  if (page.name === 'article') {
    // Paired by round, so load from elsewhere falls on both sides of each ratio.
    row.metricsCost = median(runs.cached.map((r, i) => 1 - r.rps / runs.noMetrics[i]!.rps));
  }
  rows.push(row);
  console.error(
    `${page.name}: cached ${row.cached!.rps.toFixed(0)} req/s, bare ${row.bare.rps.toFixed(0)} req/s, uncached ${row.uncached!.rps.toFixed(0)} req/s` +
      (row.pgUncached ? `, PostgreSQL uncached ${row.pgUncached.rps.toFixed(0)} req/s` : ''),
  );
}

function optionalMedian(xs: (number | undefined)[]): number | undefined {
  const known = xs.filter((x): x is number => x !== undefined);
  return known.length ? median(known) : undefined;
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);
const cols = (r: Run) => `${fmt(r.rps)} ${fmt(r.p50, 2)} ${fmt(r.p99, 2)} ${fmt(r.cpuUs)}`;
const errors = (...runs: (Run | undefined)[]) => runs.reduce((n, r) => n + (r ? r.errors + r.timeouts : 0), 0);
function table(title: string, cached: 'cached' | 'pgCached', uncached: 'uncached' | 'pgUncached') {
  console.log(`\n${title}`);
  console.log(
    '                          |          bare node:http            |         app, page cache on          |      app, every page rendered',
  );
  console.log(
    'page            bytes     |   req/s   p50 ms   p99 ms  µs CPU  |   req/s   p50 ms   p99 ms  µs CPU  |   req/s   p50 ms   p99 ms  µs CPU | cached/bare  errors',
  );
  for (const r of rows) {
    const c = r[cached]!;
    const u = r[uncached]!;
    const ratio = r.ratio[cached]!;
    console.log(
      `${r.page.padEnd(14)} ${String(r.bytes).padStart(7)}   | ${cols(r.bare)}  | ${cols(c)}  | ${cols(u)} | ${ratio.toFixed(2).padStart(11)}  ${errors(c, u)}`,
    );
  }
}

console.log(
  `\nTòa Soạn page benchmark: ${ARTICLES} articles, wrk -t1 -c${CONNECTIONS} -d${DURATION}s on 127.0.0.1, median of ${ROUNDS} interleaved rounds; load ${loadavg()[0]!.toFixed(2)}`,
);
table('SQLite', 'cached', 'uncached');
if (postgres) {
  table(`PostgreSQL (${postgres.url.host}, same rounds)`, 'pgCached', 'pgUncached');
  console.log('\nEvery page rendered, PostgreSQL beside SQLite (ratio of req/s, paired by round):');
  console.log('page            PostgreSQL/SQLite   µs CPU node   µs CPU PostgreSQL backends');
  for (const r of rows) {
    console.log(
      `${r.page.padEnd(14)} ${r.pgRatio!.toFixed(2).padStart(18)} ${fmt(r.pgUncached!.cpuUs).padStart(13)} ${fmt(r.pgUncached!.dbCpuUs ?? NaN).padStart(24)}`,
    );
  }
}
console.log(
  'µs CPU: server CPU time per request (user + system): steadier than req/s, though it too rises when other load shares the cores.',
);
const article = rows.find((r) => r.page === 'article');
if (article?.metricsCost !== undefined) {
  console.log(
    `/metrics on the cached article page: ${(article.metricsCost * 100).toFixed(1)}% fewer req/s than with METRICS=0 (median of paired rounds), ` +
      `CPU per request ${article.cached!.cpuUs.toFixed(1)} against ${article.noMetrics!.cpuUs.toFixed(1)} µs (${((article.cached!.cpuUs / article.noMetrics!.cpuUs - 1) * 100).toFixed(1)}%; steadier on a busy machine)`,
  );
}
if (WORKERS > 1) {
  console.log(
    `\nEvery page rendered, ${WORKERS} workers against one process (req/s, paired by round; wrk shares the cores):`,
  );
  for (const r of rows)
    console.log(
      `${r.page.padEnd(14)} ${r.workerGain!.toFixed(2).padStart(6)}×  (${r.uncached!.rps.toFixed(0)} against ${r.single!.rps.toFixed(0)} req/s)`,
    );
}
console.log(
  'Targets: cached/bare ≥ 0.50; every page rendered ≥ 2,000 req/s; PostgreSQL/SQLite, article rendered ≥ 0.4; /metrics ≤ 3%; 2 workers ≥ 1.7× one.',
);
if (postgres) {
  // The servers first: they hold locks (the scheduler's, the listener's) that the drop would deadlock with.
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(running.map((c) => new Promise((resolve) => c.once('exit', resolve).kill('SIGKILL'))));
  await postgres.drop();
}
process.exit(0);
