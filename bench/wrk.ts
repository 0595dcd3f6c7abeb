/**
 * wrk, as both load benchmarks drive it: against 127.0.0.1, for a fixed
 * duration (so the load stops by itself), with the server's CPU time per
 * request beside requests/s, because CPU time is what other load on a shared
 * machine disturbs least.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx/3xx answers and socket errors other than timeouts. */
  errors: number;
  /** Requests wrk gave up on after its 2 s timeout: a server too busy, not a wrong answer. */
  timeouts: number;
}

export interface Run extends WrkResult {
  /** Server CPU microseconds per request. */
  cpuUs: number;
}

export interface WrkOptions {
  connections: number;
  duration: number;
  /** A Lua script, e.g. from rotatingScript. */
  script?: string;
}

export function wrkInstalled(): boolean {
  return !spawnSync('wrk', ['--version']).error;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

function wrkArgs(url: string, o: WrkOptions): string[] {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`wrk only loads 127.0.0.1, not ${url}`);
  return ['-t1', `-c${o.connections}`, `-d${o.duration}s`, '--latency', ...(o.script ? ['-s', o.script] : []), url];
}

function parse(out: string): WrkResult {
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/\s50%\s+(\S+)/.exec(out)?.[1] ?? ''),
    p99: toMs(/\s99%\s+(\S+)/.exec(out)?.[1] ?? ''),
    errors: Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1, 4).reduce((a, b) => a + Number(b), 0) : 0),
    timeouts: Number(socketErrors?.[4] ?? 0),
  };
}

/** Blocks this process: the server under load runs in another. */
export function wrk(url: string, o: WrkOptions): WrkResult {
  const r = spawnSync('wrk', wrkArgs(url, o), { encoding: 'utf8', timeout: (o.duration + 30) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  return parse(r.stdout);
}

/** A Lua script that sends the paths in turn, one per request. */
export function rotatingScript(dir: string, name: string, paths: readonly string[]): string {
  const file = path.join(dir, `${name}.lua`);
  writeFileSync(
    file,
    `local paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n`,
  );
  return file;
}

/**
 * CPU seconds (user + system) a process and its children have used so far, from /proc: with
 * `serve --workers N` the requests are served by the primary's children.
 */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  let seconds = (Number(fields[11]) + Number(fields[12])) / 100;
  for (const child of childPids(pid)) {
    try {
      seconds += cpuSeconds(child);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // a worker that has just exited
    }
  }
  return seconds;
}

function childPids(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

/** One wrk run against a server process, with that process's CPU time per request. */
export function measure(pid: number, url: string, o: WrkOptions): Run {
  const before = cpuSeconds(pid);
  const r = wrk(url, o);
  return { ...r, cpuUs: ((cpuSeconds(pid) - before) * 1e6) / (r.rps * o.duration) };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median of several runs, field by field; errors and timeouts are summed. */
export function medianRun(runs: Run[]): Run {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    cpuUs: median(runs.map((r) => r.cpuUs)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    timeouts: runs.reduce((a, r) => a + r.timeouts, 0),
  };
}
