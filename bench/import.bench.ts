/**
 * Import speed through the real `toasoan import` command: N generated articles written as
 * plain-text files, imported into an empty site, then 1,000 more imported into that site.
 * The second figure against a 1,000-article import into an empty site tells whether the
 * cost per article grows with the site.
 *
 *   npm run bench:import -- [--articles 20000] [--postgres postgres://…/db]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatVnDateTime } from '../src/vi/dates.js';
import { generateArticles } from './generate-articles.js';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '20000' }, postgres: { type: 'string' } },
});
const ARTICLES = Number(values.articles);
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

function importSeconds(folder: string, databaseUrl: string): number {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [BIN, 'import', folder], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`toasoan import ${folder} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
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
  const intoEmpty = importSeconds(small, fresh());
  const url = fresh();
  const bulk = importSeconds(big, url);
  const intoFull = importSeconds(more, url);
  const rate = (n: number, s: number) => `${Math.round(n / s)} articles/s`;
  return [
    `${kind}:`,
    `  ${ARTICLES} into an empty site: ${bulk.toFixed(1)} s (${rate(ARTICLES, bulk)})`,
    `  1000 into an empty site: ${intoEmpty.toFixed(2)} s (${rate(1000, intoEmpty)})`,
    `  1000 into the ${ARTICLES}-article site: ${intoFull.toFixed(2)} s (${rate(1000, intoFull)})`,
    `  ratio, full / empty: ${(intoFull / intoEmpty).toFixed(2)} (target ≤ 1.3)`,
  ];
}

try {
  console.error(`writing ${ARTICLES + 2000} article files…`);
  const big = writeFiles('big', ARTICLES, 1);
  const small = writeFiles('small', 1000, 2);
  const more = writeFiles('more', 1000, 3);
  let n = 0;
  const lines = measure('SQLite', () => `sqlite:${path.join(dir, `site-${n++}.db`)}`, big, small, more);
  if (values.postgres) {
    const pg = values.postgres;
    lines.push(...measure('PostgreSQL', () => freshPostgres(pg), big, small, more));
  }
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
