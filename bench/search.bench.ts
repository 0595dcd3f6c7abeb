/**
 * Search benchmark: generates articles (bench/generate-articles.ts), writes
 * them straight into a fresh database, indexes them through the same path
 * as `toasoan reindex`, then reports:
 *
 * - the indexing rate (articles/s through reindexAll, optimize included);
 * - p50/p95/p99/max latency of a fixed mix of 1,000 queries through the
 *   search service (parse + index query + snippets and highlights for the
 *   10 shown hits), overall and per query kind (folded, marked, phrase,
 *   code, prefix, no-hit; relevance sort) plus the newest-first tenth, each
 *   with the index query's own share, so it is clear where the time goes,
 *   and the process's CPU time per query, which a loaded machine disturbs
 *   less than the wall-clock figures;
 * - on SQLite, with `wrk` installed: requests/s of the search page (300
 *   rotating queries, never page-cached) against one article page, with the
 *   page cache as in production and with it off (127.0.0.1 only, bounded).
 *
 * Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL. The
 * machine is shared: note `uptime` beside any figure.
 *
 *   npm run bench:search [-- count=100000] [only=sqlite|postgres]
 */
import { execFile, execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../src/app.js';
import { articleUrl } from '../src/articles/urls.js';
import { insertCategory } from '../src/categories/categories.repo.js';
import { loadConfig } from '../src/config.js';
import { createDb, type DbHandle, type DialectName } from '../src/db/index.js';
import { reindexAll } from '../src/search/reindex.js';
import type { SearchIndex, SearchSort } from '../src/search/search-index.js';
import { searchArticles, type SearchInput } from '../src/search/search.service.js';
import { Site } from '../src/site/site.js';
import { foldForSearch } from '../src/vi/fold.js';
import { createTestDatabase } from '../test/support/databases.js';
import { generateArticles, mulberry32, WORDS } from './generate-articles.js';
import { benchArticleRow } from './seed-articles.js';

const execFileAsync = promisify(execFile);
const COUNT = Number(process.argv.find((a) => a.startsWith('count='))?.slice(6) ?? 100_000);
const QUERIES = 1000;
const CATEGORIES = ['tin-tuc', 'khoa-hoc', 'thong-bao', 'van-ban'];

const KINDS = ['folded', 'marked', 'phrase', 'code', 'prefix', 'no-hit'] as const;
interface BenchQuery {
  q: string;
  kind: (typeof KINDS)[number];
  sort: SearchSort;
}

/** The fixed mix: folded, marked, phrase, code, prefix and no-hit queries in equal shares; every tenth sorted newest first. */
function queryMix(): BenchQuery[] {
  const rng = mulberry32(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const out: BenchQuery[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const word = pick(WORDS);
    const kind = KINDS[i % 6]!;
    const q = {
      folded: () => foldForSearch(`${word} ${pick(WORDS)}`),
      marked: () => `${word} ${pick(WORDS)}`,
      phrase: () => `"${word}"`,
      code: () => pick([`${1 + (i % 60)}-NQ/TW`, `${1 + (i % 200)}/20${16 + (i % 10)}/NĐ-CP`, `nghị định ${1 + (i % 200)}`, `nq ${1 + (i % 60)}`]),
      prefix: () => word.slice(0, Math.max(2, word.length - 2)),
      'no-hit': () => `xyzzy ${i} quoz`,
    }[kind]();
    out.push({ q, kind, sort: i % 10 === 9 ? 'newest' : 'relevance' });
  }
  return out;
}

/** Bench only: rows written directly in one transaction, bypassing the service, then indexed by reindexAll. */
async function bulkInsert(handle: DbHandle): Promise<Map<number, string>> {
  const now = new Date().toISOString();
  const ids: number[] = [];
  const slugs = new Map<number, string>();
  for (const [i, slug] of CATEGORIES.entries()) {
    const id = await insertCategory(handle.db, { slug, name: slug, description: '', parentId: null, position: i, now });
    ids.push(id);
    slugs.set(id, slug);
  }
  await handle.db.transaction().execute(async (trx) => {
    let batch = [];
    let n = 0;
    for (const a of generateArticles(COUNT, 1)) {
      const category = ids[n++ % ids.length]!;
      batch.push(benchArticleRow(a, { id: category, root: category }, now));
      if (batch.length === 500) {
        await trx.insertInto('articles').values(batch).execute();
        batch = [];
      }
    }
    if (batch.length) await trx.insertInto('articles').values(batch).execute();
  });
  return slugs;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

/**
 * Times each query through the service, and separately the index query
 * inside it (the SearchIndex call, timed by wrapping it), so the rest is
 * the service's own work: parsing, snippets and highlights.
 */
async function measureQueries(site: Site, queries: BenchQuery[]) {
  const index = site.db.search;
  let indexMs = 0;
  const timed: SearchIndex = {
    ...index,
    async search(...args) {
      const start = performance.now();
      try {
        return await index.search(...args);
      } finally {
        indexMs += performance.now() - start;
      }
    },
  };
  site.db.search = timed;
  const rows: Array<BenchQuery & { ms: number; cpuMs: number; indexMs: number }> = [];
  let hits = 0;
  try {
    for (const bq of queries) {
      const input: SearchInput = { q: bq.q, page: 1, sort: bq.sort };
      indexMs = 0;
      const cpu = process.cpuUsage();
      const start = performance.now();
      const out = await searchArticles(site, input);
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      rows.push({ ...bq, ms, cpuMs: (used.user + used.system) / 1000, indexMs });
      if (out.total > 0) hits++;
    }
  } finally {
    site.db.search = index;
  }
  return { all: summary(rows.map((r) => r.ms)), rows, hits };
}

function report(r: Awaited<ReturnType<typeof measureQueries>>) {
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const line = (s: ReturnType<typeof summary>) => `p50 ${f(s.p50)}, p95 ${f(s.p95)}, p99 ${f(s.p99)}, max ${f(s.max)}`;
  console.log(`  ${r.rows.length} queries: ${line(r.all)}; ${r.hits} with hits`);
  // CPU time of this process per query: what the query costs, less the waiting a busy machine adds.
  console.log(`    CPU time per query: ${line(summary(r.rows.map((x) => x.cpuMs)))}`);
  const groups: Array<[string, typeof r.rows]> = [
    ...KINDS.map((k): [string, typeof r.rows] => [k, r.rows.filter((x) => x.kind === k && x.sort === 'relevance')]),
    ['newest (any kind)', r.rows.filter((x) => x.sort === 'newest')],
  ];
  for (const [name, rows] of groups) {
    const ms = summary(rows.map((x) => x.ms));
    const idx = summary(rows.map((x) => x.indexMs));
    console.log(`    ${name.padEnd(18)} n=${String(rows.length).padStart(3)}  ${line(ms)}  (index query p50 ${f(idx.p50)}, p95 ${f(idx.p95)})`);
  }
  const total = r.rows.reduce((n, x) => n + x.ms, 0);
  const inIndex = r.rows.reduce((n, x) => n + x.indexMs, 0);
  console.log(`    time in the index query: ${((100 * inIndex) / total).toFixed(0)}%; the rest (parsing, snippets, highlights): ${((100 * (total - inIndex)) / total).toFixed(0)}%`);
  const slowest = [...r.rows].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`    slowest: ${slowest.map((x) => `${JSON.stringify(x.q)} (${x.kind}, ${x.sort}) ${f(x.ms)}`).join('; ')}`);
}

/** Runs wrk without blocking: the server under test answers from this same process. */
async function wrkRps(url: string, luaPaths?: string[]): Promise<number | null> {
  const args = ['-t2', '-c16', '-d8s'];
  let script: string | null = null;
  if (luaPaths) {
    script = path.join(tmpdir(), `search-bench-${process.pid}.lua`);
    writeFileSync(script, `local paths = {${luaPaths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`);
    args.push('-s', script);
  }
  let stdout = '';
  let failure = '';
  try {
    ({ stdout } = await execFileAsync('wrk', [...args, url], { encoding: 'utf8', timeout: 30_000 }));
  } catch (err) {
    failure = String((err as Error).message);
  } finally {
    if (script) rmSync(script, { force: true });
  }
  const m = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (errors) console.log(`    (wrk saw ${errors[1]} non-2xx responses)`);
  if (!m) console.log(`    wrk gave no figure for ${url}: ${failure.slice(0, 300)}`);
  return m ? Number(m[1]) : null;
}

/**
 * Search page vs article page, with the page cache as configured in
 * production (the article page is then served from it; search pages never
 * are) and with the cache off, so both pages are rendered per request.
 */
async function throughput(url: string, queries: BenchQuery[], slugs: Map<number, string>) {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary matters.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return console.log('  wrk not installed: page throughput skipped');
  }
  for (const cacheSeconds of [undefined, '0']) {
    const env = { DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...(cacheSeconds ? { PAGE_CACHE_SECONDS: cacheSeconds } : {}) };
    const config = loadConfig(env);
    const handle = createDb(url);
    const { app } = await buildApp({ config, db: handle, logger: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const article = await handle.db.selectFrom('articles').select(['id', 'slug', 'category_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
      const articlePath = articleUrl(slugs.get(article.category_id)!, article.slug, article.id);
      const searchPaths = queries.slice(0, 300).map((bq) => `/tim-kiem?q=${encodeURIComponent(bq.q)}${bq.sort === 'newest' ? '&sap-xep=moi-nhat' : ''}`);
      const articleRps = await wrkRps(address + articlePath);
      const searchRps = await wrkRps(address + '/', searchPaths);
      if (articleRps && searchRps) {
        const label = cacheSeconds ? 'page cache off' : `page cache ${config.pageCacheSeconds} s (production default)`;
        console.log(`  ${label}: article page ${articleRps.toFixed(0)} req/s; search page (300 rotating queries) ${searchRps.toFixed(0)} req/s`);
        console.log(`    search/article throughput ratio: ${(searchRps / articleRps).toFixed(2)} (target ≥ 0.50)`);
      }
    } finally {
      await app.close();
      await handle.destroy();
    }
  }
}

async function benchBackend(dialect: DialectName, queries: BenchQuery[]) {
  // A fresh, migrated temp SQLite file or private PostgreSQL schema, as the tests use.
  const db = await createTestDatabase(dialect);
  const handle = db.handle;
  try {
    let start = performance.now();
    const slugs = await bulkInsert(handle);
    console.log(`\n${dialect}: ${COUNT} articles written in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    start = performance.now();
    const indexed = await reindexAll(handle);
    const seconds = (performance.now() - start) / 1000;
    console.log(`  indexing: ${indexed} articles in ${seconds.toFixed(1)} s = ${Math.round(indexed / seconds)} articles/s`);
    const site = new Site(handle, loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }));
    await measureQueries(site, queries.slice(0, 50)); // warm caches
    report(await measureQueries(site, queries));
    if (dialect === 'sqlite') await throughput(db.url, queries, slugs);
  } finally {
    await db.drop();
  }
}

const queries = queryMix();
// `only=sqlite` or `only=postgres` runs one back end (two processes can then run side by side).
const only = process.argv.find((a) => a.startsWith('only='))?.slice(5);
if (only !== 'postgres') await benchBackend('sqlite', queries);
if (only !== 'sqlite') {
  if (process.env.TEST_DATABASE_URL) await benchBackend('postgres', queries);
  else console.log('\npostgres: skipped (set TEST_DATABASE_URL)');
}
