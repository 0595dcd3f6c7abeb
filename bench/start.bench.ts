/**
 * Start-up and memory benchmark: seeds N generated articles into a temp SQLite
 * database, then starts the real compiled server (bin/toasoan.js, after `npm run build`)
 * and a bare node:http server that only answers /healthz, interleaved, several times.
 * Each start is timed from spawn to the first 200 from /healthz, in a fresh
 * process with no compile cache, with the CPU time it used until then. Then 3,000 mixed requests (article, home,
 * category, search pages) go to one server and its RSS is read from /proc,
 * next to the bare server's RSS after as many /healthz requests.
 *
 *   npm run bench:start -- --articles 5000 --starts 5 --requests 3000
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { reindexAll } from '../src/search/reindex.js';
import { seedBenchArticles } from './seed-articles.js';
import { serverNodeFlags } from './server-flags.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '5000' },
    starts: { type: 'string', default: '5' },
    requests: { type: 'string', default: '3000' },
  },
});
const ARTICLES = Number(values.articles);
const STARTS = Number(values.starts);
const REQUESTS = Number(values.requests);
if (!(ARTICLES > 0 && STARTS > 0 && REQUESTS > 0))
  throw new Error('--articles, --starts and --requests take positive numbers');
/** Targets from issue 16. */
const MAX_START_RATIO = 10;
const MAX_RSS_MIB = 128;

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'bin/toasoan.js');
const serve = [...serverNodeFlags(root), bin, 'serve'];
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-start-bench-'));
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

// What a bare server costs: node:http answering /healthz, in plain JavaScript (no loader).
const BARE = `require('node:http').createServer((q, s) => { s.writeHead(q.url === '/healthz' ? 200 : 404); s.end('ok'); })
  .listen(Number(process.env.PORT), '127.0.0.1');`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

interface Started {
  url: string;
  child: ChildProcess;
  ms: number;
  /** CPU time the process used until then: steadier than the wall clock when the machine is busy. */
  cpuMs: number;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

/** Spawns a server and polls /healthz until it answers 200; the time counts from just before the spawn. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  // No NODE_COMPILE_CACHE or NODE_OPTIONS from the caller: each start compiles from scratch.
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (;;) {
    if (exited !== undefined) throw new Error(`${args.join(' ')} exited with ${exited} before answering`);
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200)
        return { url, child, ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: cpuMs(child.pid!) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    children.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** RSS in MiB, and its parts: anonymous memory (heaps) and mapped files (the node binary, libraries, SQLite's mmap). */
function rssMiB(pid: number): { rss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Sends the paths in turn, a few at a time, and fails on anything but a 200. */
async function load(url: string, paths: string[], count: number, concurrency = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const p = paths[next++ % paths.length]!;
        const res = await fetch(url + p);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${p} answered ${res.status}`);
      }
    }),
  );
}

// 1. Seed and index, as `toasoan reindex` would.
console.log(`seeding ${ARTICLES} articles…`);
const dbFile = path.join(dir, 'bench.db');
const handle = createDb(`sqlite:${dbFile}`);
await migrateToLatest(handle);
await seedBenchArticles(handle, ARTICLES);
await reindexAll(handle);
const articles = await handle.kysely
  .selectFrom('articles')
  .innerJoin('categories', 'categories.id', 'articles.category_id')
  .select(['articles.id', 'articles.slug', 'articles.title', 'categories.slug as category'])
  .orderBy('articles.id')
  .limit(ARTICLES)
  .execute();
const categories = await handle.kysely.selectFrom('categories').select('slug').execute();
await handle.destroy();

// Article, home, category and search pages, in that rotation.
const words = articles.flatMap((a) => a.title.split(/\s+/).filter((w) => w.length > 3)).slice(0, 400);
const mixed: string[] = [];
for (let i = 0; i < 1000; i++) {
  const a = articles[(i * 37) % articles.length]!;
  const c = categories[i % categories.length]!;
  mixed.push(
    `/${a.category}/${a.slug}-${a.id}.html`,
    '/',
    `/${c.slug}${i % 3 ? `?trang=${(i % 5) + 1}` : ''}`,
    `/tim-kiem?q=${encodeURIComponent(words[i % words.length]!)}`,
  );
}

const env = { DATABASE_URL: `sqlite:${dbFile}`, DEMO_CONTENT: '0', LOG_LEVEL: 'warn' };

// 2. Starts, interleaved so that both see the same machine.
const bareTimes: number[] = [];
const appTimes: number[] = [];
const bareCpu: number[] = [];
const appCpu: number[] = [];
for (let i = 0; i < STARTS; i++) {
  const bare = await start(['-e', BARE]);
  bareTimes.push(bare.ms);
  bareCpu.push(bare.cpuMs);
  await stop(bare.child);
  const app = await start(serve, env);
  appTimes.push(app.ms);
  appCpu.push(app.cpuMs);
  await stop(app.child);
  console.log(`start ${i + 1}/${STARTS}: bare ${bare.ms.toFixed(0)} ms, toasoan ${app.ms.toFixed(0)} ms`);
}

// 3. Memory after the same number of requests.
const bare = await start(['-e', BARE]);
await load(bare.url, ['/healthz'], REQUESTS);
const bareRss = rssMiB(bare.child.pid!);
await stop(bare.child);
const app = await start(serve, env);
await load(app.url, mixed, REQUESTS);
const appRss = rssMiB(app.child.pid!);
await stop(app.child);

const ratio = median(appTimes) / median(bareTimes);
const row = (name: string, ms: number, cpu: number, m: { rss: number; anon: number; file: number }) =>
  `${name.padEnd(14)}${ms.toFixed(0).padStart(12)}${cpu.toFixed(0).padStart(12)}${m.rss.toFixed(1).padStart(12)}${m.anon.toFixed(1).padStart(12)}${m.file.toFixed(1).padStart(12)}`;
console.log(
  `\n${ARTICLES} articles (SQLite), median of ${STARTS} starts, RSS after ${REQUESTS} requests, Node ${process.version}`,
);
console.log(
  `${''.padEnd(14)}${'start (ms)'.padStart(12)}${'CPU (ms)'.padStart(12)}${'RSS (MiB)'.padStart(12)}${'anon'.padStart(12)}${'files'.padStart(12)}`,
);
console.log(row('bare node:http', median(bareTimes), median(bareCpu), bareRss));
console.log(row('toasoan', median(appTimes), median(appCpu), appRss));
console.log(
  `\nstart: ${ratio.toFixed(1)}× the bare server (target ≤ ${MAX_START_RATIO}×) ${ratio <= MAX_START_RATIO ? 'met' : 'NOT met'}`,
);
console.log(
  `start CPU: ${(median(appCpu) / median(bareCpu)).toFixed(1)}× the bare server's (what the wall clock tends to on an idle machine)`,
);
console.log(
  `RSS: ${appRss.rss.toFixed(1)} MiB after ${REQUESTS} mixed requests (target ≤ ${MAX_RSS_MIB} MiB) ${appRss.rss <= MAX_RSS_MIB ? 'met' : 'NOT met'}`,
);
