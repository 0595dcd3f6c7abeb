/**
 * Page benchmark: seeds N generated articles into a temp SQLite database,
 * starts the real server, and loads the article, home and category pages with
 * wrk, next to a bare node:http server answering the same bytes from memory.
 * Prints requests/s, p50/p99 latency, server CPU per request and the ratio to
 * the bare server, with the page cache on and off, as the median of several
 * interleaved rounds. Also an article with 500 approved comments (first and
 * newest comment page). Targets only 127.0.0.1 and stops by itself.
 *
 *   npm run bench -- --articles 10000 --duration 5 --connections 50 --rounds 3
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Progress } from '../src/cli/progress.js';
import { COMMENTS_PER_PAGE, insertComment, refreshCommentCounts } from '../src/comments/comments.repo.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedBenchArticles } from './seed-articles.js';
import {
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
    // `serve --workers N`: throughput across N processes (µs CPU then counts the primary alone, so read req/s).
    workers: { type: 'string', default: '1' },
  },
});
const ARTICLES = Number(values.articles);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const SERVE = ['serve', '--workers', String(Number(values.workers) || 1)];
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

// 1. Seed.
const dbFile = path.join(dir, 'bench.db');
const handle = createDb(`sqlite:${dbFile}`);
await migrateToLatest(handle);
const progress = new Progress(`seeding ${ARTICLES} articles`, ARTICLES);
let last = 0;
await seedBenchArticles(handle, ARTICLES, (n) => {
  progress.tick(n - last);
  last = n;
});
progress.finish();
const sample = await handle.kysely
  .selectFrom('articles')
  .innerJoin('categories', 'categories.id', 'articles.category_id')
  .select(['articles.id', 'articles.slug', 'categories.slug as category'])
  .orderBy('articles.id')
  .where((eb) => eb(eb.fn('abs', [eb('articles.id', '%', 7)]), '=', 3))
  .limit(1000)
  .execute();
// One article (outside the rotating sample) carries the comments.
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
await handle.destroy();
const commented = `/${busy.category}/${busy.slug}-${busy.id}.html`;
const articlePaths = sample.map((a) => `/${a.category}/${a.slug}-${a.id}.html`);
const bigCategory = sample[0]!.category;

const env = { DATABASE_URL: `sqlite:${dbFile}`, DEMO_CONTENT: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
const pages = [
  { name: 'article', path: articlePaths[0]!, script: rotatingScript(dir, 'articles', articlePaths) },
  { name: 'home', path: '/' },
  { name: 'category p.2', path: `/${bigCategory}?trang=2` },
  { name: '500 comments', path: commented },
  { name: '…newest page', path: `${commented}?y-kien=${Math.ceil(COMMENTS / COMMENTS_PER_PAGE)}` },
];

const load = (script?: string) => ({ connections: CONNECTIONS, duration: DURATION, script });
const wrk = (url: string, script?: string) => runWrk(url, load(script));
const measure = (server: Server, url: string, script?: string): Run => measureWrk(server.pid, url, load(script));

const cached = await start([path.join(root, 'bin/toasoan.js'), ...SERVE], { ...env, PAGE_CACHE_SECONDS: '30' });
const uncached = await start([path.join(root, 'bin/toasoan.js'), ...SERVE], { ...env, PAGE_CACHE_SECONDS: '0' });

type Row = { page: string; bytes: number; bare: Run; cached: Run; uncached: Run; ratio: number };
const rows: Row[] = [];
for (const page of pages) {
  const res = await fetch(cached.url + page.path);
  if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const bodyFile = path.join(dir, 'body.html');
  writeFileSync(bodyFile, body);
  const bare = await start(['--import', 'tsx', path.join(root, 'bench/bare-server.ts'), bodyFile]);
  for (const s of [bare, cached, uncached]) wrk(s.url + page.path, page.script); // warm-up (JIT, SQLite page cache)
  // Rounds alternate the servers, so a burst of load from elsewhere hits all of them, not one.
  const runs = { bare: [] as Run[], cached: [] as Run[], uncached: [] as Run[] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.bare.push(measure(bare, bare.url + page.path, page.script));
    runs.cached.push(measure(cached, cached.url + page.path, page.script));
    runs.uncached.push(measure(uncached, uncached.url + page.path, page.script));
  }
  bare.child.kill('SIGKILL');
  const ratio = median(runs.cached.map((c, i) => c.rps / runs.bare[i]!.rps));
  const row = {
    page: page.name,
    bytes: body.length,
    bare: summary(runs.bare),
    cached: summary(runs.cached),
    uncached: summary(runs.uncached),
    ratio,
  };
  rows.push(row);
  console.error(
    `${page.name}: cached ${row.cached.rps.toFixed(0)} req/s, bare ${row.bare.rps.toFixed(0)} req/s, uncached ${row.uncached.rps.toFixed(0)} req/s`,
  );
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);
const cols = (r: Run) => `${fmt(r.rps)} ${fmt(r.p50, 2)} ${fmt(r.p99, 2)} ${fmt(r.cpuUs)}`;
console.log(
  `\nTòa Soạn page benchmark: ${ARTICLES} articles, wrk -t1 -c${CONNECTIONS} -d${DURATION}s on 127.0.0.1, median of ${ROUNDS} interleaved rounds; load ${loadavg()[0]!.toFixed(2)}`,
);
console.log(
  '                          |          bare node:http            |         app, page cache on          |      app, every page rendered',
);
console.log(
  'page            bytes     |   req/s   p50 ms   p99 ms  µs CPU  |   req/s   p50 ms   p99 ms  µs CPU  |   req/s   p50 ms   p99 ms  µs CPU | cached/bare  errors',
);
for (const r of rows) {
  console.log(
    `${r.page.padEnd(14)} ${String(r.bytes).padStart(7)}   | ${cols(r.bare)}  | ${cols(r.cached)}  | ${cols(r.uncached)} | ${r.ratio.toFixed(2).padStart(11)}  ${r.cached.errors + r.cached.timeouts + r.uncached.errors + r.uncached.timeouts}`,
  );
}
console.log(
  'µs CPU: server CPU time per request (user + system): steadier than req/s, though it too rises when other load shares the cores.',
);
console.log('Targets: cached/bare ≥ 0.50; every page rendered ≥ 2,000 req/s.');
process.exit(0);
