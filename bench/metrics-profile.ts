/**
 * What /metrics costs on the cached article page, read from a CPU profile of
 * the server under load rather than from two req/s figures: on a shared
 * 2-core machine those differ by more than the 3 % target from run to run,
 * while the share of CPU samples in the metrics code does not depend on what
 * else the machine is doing. The profile is of the built server (dist/), each
 * sample mapped back through the source maps to its file: prom-client, Node's
 * performance observers (the GC metric), and src/web/metrics.ts.
 *
 *   npm run bench:metrics [-- --duration 15]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeFlags } from './server-flags.js';
import { wrk, wrkInstalled } from './wrk.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const durationArg = process.argv.indexOf('--duration');
const DURATION = durationArg > 0 ? Number(process.argv[durationArg + 1]) : 15;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a sample's code comes from, through the bundle's source map when it is in dist/. */
function originOf(frame: ProfileNode['callFrame'], maps: Map<string, SourceMap | null>): string {
  const { url } = frame;
  if (!url.startsWith('file://') || !url.includes('/dist/')) return url;
  let map = maps.get(url);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(url, map);
  }
  const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
  return entry && 'originalSource' in entry ? entry.originalSource : url;
}

const isMetricsCode = (origin: string) =>
  origin.includes('node_modules/prom-client/') ||
  origin.includes('src/web/metrics.ts') ||
  /^node:internal\/(perf\/|histogram)/.test(origin);

function start(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [...serverNodeFlags(root), '--cpu-prof', `--cpu-prof-dir=${dir}`, 'bin/toasoan.js', 'serve'],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: `sqlite:${dir}/site.db`,
        DEMO_CONTENT: '1',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: '0',
        PAGE_CACHE_SECONDS: '3600',
        METRICS: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running: (http:\/\/[^/\s]+)\//.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

if (!wrkInstalled()) {
  console.error('bench:metrics needs wrk (Debian package wrk)');
  process.exit(2);
}
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-metrics-'));
try {
  const server = await start(dir);
  const home = await (await fetch(`${server.url}/`)).text();
  const article = /href="(\/[a-z0-9-]+\/[a-z0-9-]+\.html)"/.exec(home)?.[1];
  if (!article) throw new Error('no article link on the demo home page');
  // The first answer fills the page cache; the load then meets the cached page, as readers do.
  await fetch(`${server.url}${article}`);
  const load = wrk(`${server.url}${article}`, { connections: 8, duration: DURATION });
  const scrape = await fetch(`${server.url}/metrics`);
  if (!scrape.ok) throw new Error(`/metrics answered ${scrape.status}`);
  // SIGTERM: the server shuts down cleanly, and Node writes the profile as it exits.
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;

  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('the server wrote no CPU profile');
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const maps = new Map<string, SourceMap | null>();
  let busy = 0;
  let metrics = 0;
  const byFile = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    if (frame.functionName === '(idle)') return;
    busy += us;
    const origin = originOf(frame, maps);
    if (!isMetricsCode(origin)) return;
    metrics += us;
    const short = origin.replace(/^.*(node_modules\/|src\/)/, '$1');
    byFile.set(short, (byFile.get(short) ?? 0) + us);
  });
  console.log(
    `cached article page, ${DURATION} s of wrk (8 connections): ${Math.round(load.rps).toLocaleString('en')} req/s, METRICS=1`,
  );
  console.log(
    `server CPU busy ${(busy / 1e6).toFixed(2)} s, of which metrics code ${(metrics / 1e3).toFixed(1)} ms: ` +
      `${((100 * metrics) / busy).toFixed(2)} % (target ≤ 3 %)`,
  );
  for (const [file, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 5))
    console.log(`  ${(us / 1e3).toFixed(1).padStart(6)} ms  ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
