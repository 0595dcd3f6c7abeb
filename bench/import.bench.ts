/**
 * Import speed through the real `toasoan import` command: N generated articles written as
 * plain-text files, imported into an empty site, then 1,000 more imported into that site.
 * The second figure against a 1,000-article import into an empty site tells whether the
 * cost per article grows with the site. Then `toasoan reindex` rebuilds the big site's search
 * index, which tells the indexing rate alone. SQLite and PostgreSQL (--postgres, or
 * TEST_DATABASE_URL) in one run.
 *
 * Each figure comes as wall-clock time and as the command's own CPU time (user + system, read
 * from /proc after it ends): the machine is shared, so the CPU time is the steadier figure.
 * PostgreSQL's server works beside the command, and its CPU time is not counted.
 *
 *   npm run bench:import -- [--articles 20000] [--postgres postgres://…/db]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatVnDateTime } from '../src/vi/dates.js';
import { childCpuSeconds } from './child-cpu.js';
import { generateArticles } from './generate-articles.js';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '20000' }, postgres: { type: 'string' } },
});
const ARTICLES = Number(values.articles);
const POSTGRES = values.postgres ?? process.env.TEST_DATABASE_URL;
if (!(ARTICLES >= 1000)) throw new Error('--articles takes a number of at least 1000');
const BIN = fileURLToPath(new URL('../bin/toasoan.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-import-bench-'));

/** Writes `count` articles of seed `seed` as the plain-text files the importer reads. */
function writeFiles(name: string, count: number, seed: number): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  let i = 0;
  for (const a of generateArticles(count, seed)) {
    const text = [a.title, formatVnDateTime(a.publishedAt), a.sapo, '', ...a.paragraphs, '', a.byline, ''].join('\n');
    writeFileSync(path.join(folder, `${String(i++).padStart(6, '0')}.txt`), text);
  }
  return folder;
}

interface Run {
  wall: number;
  cpu: number;
}

function run(args: string[], databaseUrl: string): Run {
  const started = process.hrtime.bigint();
  const cpuBefore = childCpuSeconds();
  const res = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`toasoan ${args.join(' ')} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  return { wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: childCpuSeconds() - cpuBefore };
}

/** A database of its own on the server that `url` names, made empty again for each import. */
function freshPostgres(url: string): string {
  const name = 'toasoan_import_bench';
  for (const statement of [`drop database if exists ${name}`, `create database ${name}`]) {
    const res = spawnSync('psql', [url, '-q', '-c', statement], { stdio: 'ignore' });
    if (res.status !== 0) throw new Error(`psql ${url}: ${statement} failed`);
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function measure(kind: string, fresh: () => string, big: string, small: string, more: string): string[] {
  const intoEmpty = run(['import', small], fresh());
  const url = fresh();
  const bulk = run(['import', big], url);
  const intoFull = run(['import', more], url);
  const reindex = run(['reindex'], url);
  const figures = (n: number, r: Run) =>
    `${r.wall.toFixed(2)} s, ${Math.round(n / r.wall)} articles/s; CPU ${r.cpu.toFixed(2)} s, ` +
    `${((r.cpu * 1000) / n).toFixed(2)} ms/article (${Math.round(n / r.cpu)}/s)`;
  return [
    `${kind}:`,
    `  ${ARTICLES} into an empty site: ${figures(ARTICLES, bulk)}`,
    `  1000 into an empty site: ${figures(1000, intoEmpty)}`,
    `  1000 into the ${ARTICLES}-article site: ${figures(1000, intoFull)}`,
    `  ratio, full / empty: ${(intoFull.wall / intoEmpty.wall).toFixed(2)} wall, ${(intoFull.cpu / intoEmpty.cpu).toFixed(2)} CPU (target ≤ 1.3)`,
    `  reindex of the ${ARTICLES + 1000} articles: ${figures(ARTICLES + 1000, reindex)}`,
  ];
}

try {
  console.error(`writing ${ARTICLES + 2000} article files…`);
  const big = writeFiles('big', ARTICLES, 1);
  const small = writeFiles('small', 1000, 2);
  const more = writeFiles('more', 1000, 3);
  let n = 0;
  // Each back end's figures as soon as they are measured: a run at 20,000 articles is long.
  console.log(measure('SQLite', () => `sqlite:${path.join(dir, `site-${n++}.db`)}`, big, small, more).join('\n'));
  if (POSTGRES) console.log(measure('PostgreSQL', () => freshPostgres(POSTGRES), big, small, more).join('\n'));
  else console.log('PostgreSQL: not measured (give --postgres URL or set TEST_DATABASE_URL)');
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on a shared machine`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
