/**
 * Page benchmark: seeds N generated articles into a temp SQLite database,
 * starts the real server, and loads the article, home and category pages with
 * wrk, next to a bare node:http server answering the same bytes from memory.
 * Prints requests/s, p50/p99 latency and the ratio to the bare server, with
 * the page cache on and off. Targets only 127.0.0.1 and stops by itself.
 *
 *   npm run bench -- --articles 10000 --duration 5 --connections 50
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Progress } from '../src/cli/progress.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedBenchArticles } from './seed-articles.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});
const ARTICLES = Number(values.articles);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
if (!(ARTICLES > 0 && DURATION > 0 && CONNECTIONS > 0)) throw new Error('--articles, --duration and --connections take positive numbers');
if (spawnSync('wrk', ['--version']).error) {
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

function start(args: string[], env: Record<string, string> = {}): Promise<string> {
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
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

function wrk(url: string, script?: string): WrkResult {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${DURATION}s`, '--latency'];
  if (script) args.push('-s', script);
  const r = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const out = r.stdout;
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    errors: Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
  };
}

function rotatingScript(paths: string[]): string {
  const file = path.join(dir, `paths-${paths.length}.lua`);
  writeFileSync(
    file,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n`,
  );
  return file;
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
const sample = await handle.db
  .selectFrom('articles')
  .innerJoin('categories', 'categories.id', 'articles.category_id')
  .select(['articles.id', 'articles.slug', 'categories.slug as category'])
  .orderBy('articles.id')
  .where((eb) => eb(eb.fn('abs', [eb('articles.id', '%', 7)]), '=', 3))
  .limit(1000)
  .execute();
await handle.destroy();
const articlePaths = sample.map((a) => `/${a.category}/${a.slug}-${a.id}.html`);
const bigCategory = sample[0]!.category;

const env = { DATABASE_URL: `sqlite:${dbFile}`, DEMO_CONTENT: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0' };
const pages = [
  { name: 'article', path: articlePaths[0]! },
  { name: 'home', path: '/' },
  { name: 'category p.2', path: `/${bigCategory}?trang=2` },
];

type Row = { page: string; mode: string; bytes: number; bare: WrkResult; app: WrkResult };
const rows: Row[] = [];

for (const mode of ['cached', 'uncached'] as const) {
  const appUrl = await start([path.join(root, 'bin/toasoan.js'), 'serve'], { ...env, PAGE_CACHE_SECONDS: mode === 'cached' ? '30' : '0' });
  for (const page of pages) {
    const res = await fetch(appUrl + page.path);
    if (res.status !== 200) throw new Error(`${page.path} answered ${res.status}`);
    const body = Buffer.from(await res.arrayBuffer());
    const bodyFile = path.join(dir, 'body.html');
    writeFileSync(bodyFile, body);
    const bareUrl = await start(['--import', 'tsx', path.join(root, 'bench/bare-server.ts'), bodyFile]);
    // The article page rotates over 1,000 articles so it reads different rows, not one cached row.
    const script = page.name === 'article' ? rotatingScript(articlePaths) : undefined;
    wrk(appUrl + page.path, script); // warm-up (JIT, SQLite page cache)
    const bare = wrk(bareUrl + page.path, script);
    const app = wrk(appUrl + page.path, script);
    children.pop()?.kill('SIGKILL');
    rows.push({ page: page.name, mode, bytes: body.length, bare, app });
    console.error(`${mode} ${page.name}: app ${app.rps.toFixed(0)} req/s, bare ${bare.rps.toFixed(0)} req/s`);
  }
  children.pop()?.kill('SIGKILL');
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);
console.log(`\nTòa Soạn page benchmark: ${ARTICLES} articles, wrk -t1 -c${CONNECTIONS} -d${DURATION}s on 127.0.0.1`);
console.log('page          cache      bytes   app req/s  p50 ms  p99 ms | bare req/s  p50 ms  p99 ms | ratio  errors');
for (const r of rows) {
  console.log(
    `${r.page.padEnd(13)} ${r.mode.padEnd(8)} ${String(r.bytes).padStart(7)} ${fmt(r.app.rps)}    ${fmt(r.app.p50, 2)}${fmt(r.app.p99, 2)} | ${fmt(r.bare.rps)}  ${fmt(r.bare.p50, 2)}${fmt(r.bare.p99, 2)} | ${(r.app.rps / r.bare.rps).toFixed(2).padStart(5)}  ${r.app.errors}`,
  );
}
process.exit(0);
