/**
 * What the import benches share: running a `toasoan` import command against a fresh database and
 * measuring it (wall clock, the command's own CPU time, and on PostgreSQL the CPU time of the
 * server processes that served it), and the flat-cost comparison of issue 18: 1,000 items into an
 * empty site against 1,000 more into a site that already holds N.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { childCpuSeconds } from './child-cpu.js';

const BIN = fileURLToPath(new URL('../bin/toasoan.js', import.meta.url));
// Of this run alone: benches run side by side on a shared server must not drop each other's database.
const BENCH_DATABASE = `toasoan_import_bench_${process.pid}`;

export interface Run {
  wall: number;
  /** The command's own CPU seconds (user + system). */
  cpu: number;
  /** CPU seconds of the PostgreSQL backends that served it; null on SQLite. */
  backend: number | null;
  /** Peak resident memory of the command, MiB. */
  peakMib: number;
}

/** utime + stime of a process, in seconds, or null when it is gone or not readable. */
function processCpu(pid: string): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * The PostgreSQL backends serving the bench's database, found by their process title
 * ("postgres: … toasoan_import_bench_PID 127.0.0.1(…) idle"): only a server on this machine, readable
 * in /proc, can be watched. Sampled while the command runs, so a backend's last sample may miss up
 * to one interval of its work.
 */
class BackendWatch {
  private readonly last = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
  }
  private sample(): void {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let title: string;
      try {
        title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!title.startsWith('postgres: ') || !title.includes(` ${BENCH_DATABASE} `)) continue;
      const cpu = processCpu(pid);
      if (cpu !== null) this.last.set(pid, cpu);
    }
  }
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    return [...this.last.values()].reduce((a, b) => a + b, 0);
  }
}

function peakRssMib(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Runs `toasoan ARGS` on the database `databaseUrl` (stdout ignored) and measures it. */
export async function runImport(args: string[], databaseUrl: string, dataDir: string): Promise<Run> {
  const watch = databaseUrl.startsWith('postgres') ? new BackendWatch() : null;
  const started = process.hrtime.bigint();
  const cpuBefore = childCpuSeconds();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let peakMib = 0;
  const memory = setInterval(() => (peakMib = Math.max(peakMib, peakRssMib(child.pid!))), 100);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(memory);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = childCpuSeconds() - cpuBefore;
  const backend = watch ? watch.stop() : null;
  if (code !== 0) throw new Error(`toasoan ${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`);
  return { wall, cpu, backend, peakMib };
}

function psql(url: string, statement: string): void {
  const res = spawnSync('psql', [url, '-q', '-c', statement], { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`psql ${url}: ${statement} failed`);
}

/** An empty database of its own on the server `url` names, dropped and made again each call. */
export function freshPostgres(url: string): string {
  psql(url, `drop database if exists ${BENCH_DATABASE}`);
  psql(url, `create database ${BENCH_DATABASE}`);
  const u = new URL(url);
  u.pathname = `/${BENCH_DATABASE}`;
  return u.toString();
}

/** One line of figures for `n` items imported in run `r`. */
export function figures(n: number, r: Run, unit = 'articles'): string {
  const server =
    r.backend === null
      ? ''
      : `, server ${((r.backend * 1000) / n).toFixed(2)} ms (together ${Math.round(n / (r.cpu + r.backend))}/s)`;
  return (
    `${r.wall.toFixed(2)} s wall, ${Math.round(n / r.wall)} ${unit}/s; ` +
    `CPU ${((r.cpu * 1000) / n).toFixed(2)} ms/${unit.replace(/s$/, '')} (${Math.round(n / r.cpu)}/s)${server}`
  );
}

export interface FlatCost {
  /** N items into an empty site. */
  bulk: Run;
  /** 1,000 items into an empty site. */
  intoEmpty: Run;
  /** 1,000 more into the N-item site. */
  intoFull: Run;
}

/**
 * The three imports of the flat-cost comparison; `importer(files, url)` runs one import of the
 * named set ('bulk' of N, 'small' and 'more' of 1,000 each) into the database at `url`.
 */
export async function flatCost(
  fresh: () => string,
  importer: (set: 'bulk' | 'small' | 'more', url: string) => Promise<Run>,
) {
  const intoEmpty = await importer('small', fresh());
  const url = fresh();
  const bulk = await importer('bulk', url);
  const intoFull = await importer('more', url);
  return { result: { bulk, intoEmpty, intoFull } satisfies FlatCost, url };
}

export function flatCostLines(kind: string, n: number, f: FlatCost, unit = 'articles'): string[] {
  const total = (r: Run) => r.cpu + (r.backend ?? 0);
  return [
    `${kind}:`,
    `  ${n} into an empty site: ${figures(n, f.bulk, unit)}; peak RSS ${f.bulk.peakMib.toFixed(0)} MiB`,
    `  1000 into an empty site: ${figures(1000, f.intoEmpty, unit)}`,
    `  1000 into the ${n}-${unit.replace(/s$/, '')} site: ${figures(1000, f.intoFull, unit)}`,
    `  flat cost, full / empty: ${(f.intoFull.wall / f.intoEmpty.wall).toFixed(2)} wall, ` +
      `${(total(f.intoFull) / total(f.intoEmpty)).toFixed(2)} CPU (target ≤ 1.3)`,
  ];
}

export function loadLine(): string {
  return `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (1, 5, 15 min) at the end; wall-clock rates need a quiet machine`;
}

/**
 * Runs `measure` on SQLite (databases in `dir`), then on PostgreSQL when a server URL is given, each
 * with a function that makes an empty database; prints each database's figures as soon as they are
 * measured (a run at 20,000 items is long), then the load.
 */
export async function onEachDatabase(
  dir: string,
  postgres: string | undefined,
  measure: (kind: string, fresh: () => string) => Promise<string[]>,
): Promise<void> {
  let n = 0;
  console.log((await measure('SQLite', () => `sqlite:${path.join(dir, `site-${n++}.db`)}`)).join('\n'));
  if (postgres) {
    try {
      console.log((await measure('PostgreSQL', () => freshPostgres(postgres))).join('\n'));
    } finally {
      // The last run's database would otherwise stay on the server, one per bench process.
      psql(postgres, `drop database if exists ${BENCH_DATABASE}`);
    }
  } else console.log('PostgreSQL: not measured (give --postgres URL or set TEST_DATABASE_URL)');
  console.log(loadLine());
}
