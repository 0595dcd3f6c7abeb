/**
 * Backup and restore cost: seeds N generated articles into a temp SQLite database, then times
 * `toasoan backup` and `toasoan restore` (into a new SQLite file, and into PostgreSQL when
 * --postgres URL is given) through the real command, and prints the archive's size.
 *
 *   node --import tsx bench/backup.bench.ts --articles 100000 [--postgres postgres://…/db]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Progress } from '../src/cli/progress.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedBenchArticles } from './seed-articles.js';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '100000' }, postgres: { type: 'string' } },
});
const ARTICLES = Number(values.articles);
if (!(ARTICLES > 0)) throw new Error('--articles takes a positive number');
const BIN = fileURLToPath(new URL('../bin/toasoan.js', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-backup-bench-'));

function run(args: string[], databaseUrl: string): number {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  if (res.status !== 0) throw new Error(`toasoan ${args.join(' ')} failed (${res.status})`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

try {
  const dbFile = path.join(dir, 'site.db');
  const handle = createDb(`sqlite:${dbFile}`);
  await migrateToLatest(handle);
  const progress = new Progress(`seeding ${ARTICLES} articles`, ARTICLES);
  let last = 0;
  await seedBenchArticles(handle, ARTICLES, (n) => {
    progress.tick(n - last);
    last = n;
  });
  progress.finish();
  await handle.destroy();
  const archive = path.join(dir, 'site.tar.gz');
  const backup = run(['backup', archive], `sqlite:${dbFile}`);
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const lines = [
    `articles: ${ARTICLES}`,
    `database file: ${mib(statSync(dbFile).size)}`,
    `backup: ${backup.toFixed(1)} s, archive ${mib(statSync(archive).size)}`,
  ];
  const toSqlite = run(['restore', archive], `sqlite:${path.join(dir, 'restored.db')}`);
  lines.push(`restore into SQLite (with the search index rebuilt): ${toSqlite.toFixed(1)} s`);
  lines.push(
    `  of which the index rebuild alone (toasoan reindex): ${run(['reindex'], `sqlite:${path.join(dir, 'restored.db')}`).toFixed(1)} s`,
  );
  if (values.postgres)
    lines.push(
      `restore into PostgreSQL (with the search index rebuilt): ${run(['restore', archive, '--force'], values.postgres).toFixed(1)} s`,
    );
  console.log(lines.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
