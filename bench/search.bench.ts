/**
 * Search benchmark: generates articles (bench/generate-articles.ts), writes
 * them straight into a fresh database, indexes them through the same path
 * as `toasoan reindex`, then reports the indexing rate and the latency of a
 * fixed mix of queries through the search service (query + snippets), on
 * SQLite and, when TEST_DATABASE_URL is set, on
 * PostgreSQL. With `wrk` installed it also compares the search page's
 * throughput with the article page's on SQLite (127.0.0.1 only, bounded).
 *
 *   npm run bench:search [-- count=100000] [only=sqlite|postgres]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { articleUrl } from '../src/articles/urls.js';
import { insertCategory } from '../src/categories/categories.repo.js';
import { loadConfig } from '../src/config.js';
import { createDb, type DbHandle, type DialectName } from '../src/db/index.js';
import { reindexAll } from '../src/search/reindex.js';
import { searchArticles, type SearchInput } from '../src/search/search.service.js';
import { Site } from '../src/site/site.js';
import { foldForSearch } from '../src/vi/fold.js';
import { slugify } from '../src/vi/slug.js';
import { escapeHtml } from '../src/web/html.js';
import { createTestDatabase } from '../test/support/databases.js';
import { generateArticles, mulberry32, WORDS } from './generate-articles.js';

const COUNT = Number(process.argv.find((a) => a.startsWith('count='))?.slice(6) ?? 100_000);
const QUERIES = 1000;
const CATEGORIES = ['tin-tuc', 'khoa-hoc', 'thong-bao', 'van-ban'];

/** The fixed mix: folded, marked, phrase, code, prefix and no-hit queries in equal shares. */
function queryMix(): string[] {
  const rng = mulberry32(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const word = pick(WORDS);
    switch (i % 6) {
      case 0: out.push(foldForSearch(`${word} ${pick(WORDS)}`)); break;
      case 1: out.push(`${word} ${pick(WORDS)}`); break;
      case 2: out.push(`"${word}"`); break;
      case 3: out.push(pick([`${1 + (i % 60)}-NQ/TW`, `${1 + (i % 200)}/20${16 + (i % 10)}/NĐ-CP`, `nghị định ${1 + (i % 200)}`, `nq ${1 + (i % 60)}`])); break;
      case 4: out.push(word.slice(0, Math.max(2, word.length - 2))); break;
      default: out.push(`xyzzy ${i} quoz`);
    }
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
      batch.push({
        title: a.title,
        slug: slugify(a.title),
        sapo: a.sapo,
        body_html: a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
        byline: a.byline,
        status: 'published' as const,
        category_id: category,
        root_category_id: category,
        published_at: a.publishedAt,
        created_at: now,
        updated_at: now,
        import_key: null,
      });
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

async function measureQueries(site: Site, queries: string[]) {
  const times: number[] = [];
  let hits = 0;
  for (const [i, q] of queries.entries()) {
    const input: SearchInput = { q, page: 1, sort: i % 10 === 9 ? 'newest' : 'relevance' };
    const start = performance.now();
    const out = await searchArticles(site, input);
    times.push(performance.now() - start);
    if (out.total > 0) hits++;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1)!, hits };
}

function wrkRps(url: string, luaPaths?: string[]): number | null {
  const args = ['-t2', '-c16', '-d8s'];
  let script: string | null = null;
  if (luaPaths) {
    script = path.join(tmpdir(), `search-bench-${process.pid}.lua`);
    writeFileSync(script, `local paths = {${luaPaths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n`);
    args.push('-s', script);
  }
  const res = spawnSync('wrk', [...args, url], { encoding: 'utf8', timeout: 30_000 });
  if (script) rmSync(script, { force: true });
  const m = /Requests\/sec:\s+([\d.]+)/.exec(res.stdout ?? '');
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(res.stdout ?? '');
  if (errors) console.log(`    (wrk saw ${errors[1]} non-2xx responses)`);
  return m ? Number(m[1]) : null;
}

async function throughput(url: string, queries: string[], slugs: Map<number, string>) {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk prints its version and exits 1; only a missing binary matters.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return console.log('  wrk not installed: page throughput skipped');
  }
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production' });
  const handle = createDb(url);
  const { app } = await buildApp({ config, db: handle, logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const article = await handle.db.selectFrom('articles').select(['id', 'slug', 'category_id']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    const articlePath = articleUrl(slugs.get(article.category_id)!, article.slug, article.id);
    const searchPaths = queries.slice(0, 300).map((q) => `/tim-kiem?q=${encodeURIComponent(q)}`);
    const articleRps = wrkRps(address + articlePath);
    const searchRps = wrkRps(address + '/', searchPaths);
    if (articleRps && searchRps) {
      console.log(`  article page: ${articleRps.toFixed(0)} req/s; search page (300 rotating queries): ${searchRps.toFixed(0)} req/s`);
      console.log(`  search/article throughput ratio: ${(searchRps / articleRps).toFixed(2)} (target ≥ 0.50)`);
    }
  } finally {
    await app.close();
    await handle.destroy();
  }
}

async function benchBackend(dialect: DialectName, queries: string[]) {
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
    const r = await measureQueries(site, queries);
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(`  ${QUERIES} queries: p50 ${f(r.p50)}, p95 ${f(r.p95)}, p99 ${f(r.p99)}, max ${f(r.max)}; ${r.hits} with hits`);
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
