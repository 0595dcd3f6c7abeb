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
 * - on SQLite, with `wrk` installed: requests/s and server CPU time per
 *   request of the search page against the article page, warm (page cache
 *   as in production; popular queries and the whole mix) and cold (off);
 *   see throughput().
 *
 * Runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL. The
 * machine is shared: note `uptime` beside any figure.
 *
 * At 100,000 articles seeding and indexing take minutes: `keep=1` writes to
 * a SQLite file and a PostgreSQL schema named after the count, keeps them,
 * and later runs with `keep=1` measure them again without seeding (they are
 * migrated first, so a new migration fills its part of the index). Remove
 * them with `keep=drop`.
 *
 * `cpu=1` measures the cold search's CPU alone: the mix through the service `rounds` times,
 * each query's CPU time (process.cpuUsage) in µs, median and p95; no wrk, no latency table.
 * Run it under `node --cpu-prof` to see where that time goes.
 *
 *   npm run bench:search [-- count=100000] [only=sqlite|postgres] [keep=1|drop] [duration=5] [rounds=3] [connections=32] [cpu=1]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { articleUrl } from '../src/articles/urls.js';
import { insertCategory } from '../src/categories/categories.repo.js';
import { loadConfig } from '../src/config.js';
import { createDb, type DbHandle, type DialectName } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { reindexAll } from '../src/search/reindex.js';
import type { SearchIndex, SearchSort } from '../src/search/search-index.js';
import { searchArticles, type SearchInput } from '../src/search/search.service.js';
import { Site } from '../src/site/site.js';
import { foldForSearch } from '../src/vi/fold.js';
import { sql } from 'kysely';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.js';
import { startServerProcess, type RunningServer } from '../test/support/server.js';
import { generateArticles, mulberry32, WORDS } from './generate-articles.js';
import { benchArticleRow } from './seed-articles.js';
import { measure, median, medianRun, rotatingScript, wrk, wrkInstalled, type Run } from './wrk.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1) ?? fallback);
const COUNT = arg('count', 100_000);
/** wrk: seconds per run, rounds, connections. */
const DURATION = arg('duration', 5);
const ROUNDS = arg('rounds', 3);
const CONNECTIONS = arg('connections', 32);
const QUERIES = 1000;
/** Queries of the mix also asked with a category and with a year. */
const FILTERED = 200;
const CATEGORIES = ['tin-tuc', 'khoa-hoc', 'thong-bao', 'chinh-sach'];
const KEEP = process.argv.find((a) => a.startsWith('keep='))?.slice(5);
const CPU_ONLY = arg('cpu', 0) === 1;

const KINDS = ['folded', 'marked', 'phrase', 'code', 'prefix', 'no-hit'] as const;
interface BenchQuery {
  q: string;
  kind: (typeof KINDS)[number];
  sort: SearchSort;
  categorySlug?: string;
  from?: string;
  to?: string;
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
      code: () =>
        pick([
          `${1 + (i % 60)}-NQ/TW`,
          `${1 + (i % 200)}/20${16 + (i % 10)}/NĐ-CP`,
          `nghị định ${1 + (i % 200)}`,
          `nq ${1 + (i % 60)}`,
        ]),
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
    const id = await insertCategory(handle.kysely, {
      slug,
      name: slug,
      description: '',
      parentId: null,
      position: i,
      now,
    });
    ids.push(id);
    slugs.set(id, slug);
  }
  await handle.kysely.transaction().execute(async (trx) => {
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

/**
 * KiB the kernel has read in from disk since boot (Linux), or null elsewhere. A pass that reads
 * much was slowed by pages the kernel's cache had dropped since they were last read (this
 * machine's reclaim drops the cache of files left unread for seconds): its figures are not
 * comparable with a pass that read nothing.
 */
function diskKiB(): number | null {
  try {
    const m = /^pgpgin (\d+)$/m.exec(readFileSync('/proc/vmstat', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** ", N MiB read from disk meanwhile" for a pass's figures, or nothing where the kernel does not tell. */
function diskNote(mib: number | null): string {
  return mib === null ? '' : `; ${mib.toFixed(0)} MiB read from disk meanwhile, by any process`;
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
  const diskBefore = diskKiB();
  try {
    for (const bq of queries) {
      const input: SearchInput = {
        q: bq.q,
        page: 1,
        sort: bq.sort,
        categorySlug: bq.categorySlug,
        from: bq.from,
        to: bq.to,
      };
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
  const diskAfter = diskKiB();
  const diskMiB = diskBefore === null || diskAfter === null ? null : (diskAfter - diskBefore) / 1024;
  return { all: summary(rows.map((r) => r.ms)), rows, hits, diskMiB };
}

function report(r: Awaited<ReturnType<typeof measureQueries>>) {
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const line = (s: ReturnType<typeof summary>) => `p50 ${f(s.p50)}, p95 ${f(s.p95)}, p99 ${f(s.p99)}, max ${f(s.max)}`;
  console.log(`  ${r.rows.length} queries: ${line(r.all)}; ${r.hits} with hits${diskNote(r.diskMiB)}`);
  // CPU time of this process per query: what the query costs, less the waiting a busy machine adds.
  console.log(`    CPU time per query: ${line(summary(r.rows.map((x) => x.cpuMs)))}`);
  const groups: Array<[string, typeof r.rows]> = [
    ...KINDS.map((k): [string, typeof r.rows] => [k, r.rows.filter((x) => x.kind === k && x.sort === 'relevance')]),
    ['newest (any kind)', r.rows.filter((x) => x.sort === 'newest')],
  ];
  for (const [name, rows] of groups) {
    const ms = summary(rows.map((x) => x.ms));
    const idx = summary(rows.map((x) => x.indexMs));
    console.log(
      `    ${name.padEnd(18)} n=${String(rows.length).padStart(3)}  ${line(ms)}  (index query p50 ${f(idx.p50)}, p95 ${f(idx.p95)})`,
    );
  }
  const total = r.rows.reduce((n, x) => n + x.ms, 0);
  const inIndex = r.rows.reduce((n, x) => n + x.indexMs, 0);
  console.log(
    `    time in the index query: ${((100 * inIndex) / total).toFixed(0)}%; the rest (parsing, snippets, highlights): ${((100 * (total - inIndex)) / total).toFixed(0)}%`,
  );
  const slowest = [...r.rows].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `    slowest: ${slowest.map((x) => `${JSON.stringify(x.q)} (${x.kind}, ${x.sort}) ${f(x.ms)}`).join('; ')}`,
  );
}

/** The popular queries of the warm case: every one of them is asked again well within the TTL. */
const POPULAR = 100;

/**
 * The target as written: search-page throughput over the query mix (wrk
 * rotating through its /tim-kiem?q=… URLs) against the article page's
 * (rotating through as many articles), warm with the page cache as in
 * production and cold with PAGE_CACHE_SECONDS=0. Warm, two cases: the
 * mix's first POPULAR queries, each asked many times a TTL (the case the
 * cache is for), and the whole mix, whose thousand queries come round again
 * only as fast as the server answers them. A warm run lasts the TTL, so each
 * page is rendered once in it, as in production a page asked at least that
 * often is: the steady state, not the moment after a fill. The servers are
 * real `toasoan serve` processes on 127.0.0.1; the loads take turns in every
 * round, so a burst of load from elsewhere hits all of them; the server's CPU
 * time per request is printed beside requests/s because it is what such load
 * moves least.
 */
async function throughput(
  handle: DbHandle,
  url: string,
  queries: BenchQuery[],
  slugs: Map<number, string>,
): Promise<Run | undefined> {
  if (!wrkInstalled()) {
    console.log('  wrk not installed (apt-get install wrk): page throughput skipped');
    return undefined;
  }
  const step = Math.max(1, Math.floor(COUNT / queries.length));
  const articles = await handle.kysely
    .selectFrom('articles')
    .select(['id', 'slug', 'category_id'])
    .where((eb) => eb(eb('id', '%', step), '=', 0))
    .orderBy('id')
    .limit(queries.length)
    .execute();
  const articlePaths = articles.map((a) => articleUrl(slugs.get(a.category_id)!, a.slug, a.id));
  const searchPaths = queries.map(
    (bq) => `/tim-kiem?q=${encodeURIComponent(bq.q)}${bq.sort === 'newest' ? '&sap-xep=moi-nhat' : ''}`,
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'search-bench-'));
  const scripts = {
    article: rotatingScript(dir, 'articles', articlePaths),
    popular: rotatingScript(dir, 'popular', searchPaths.slice(0, POPULAR)),
    mix: rotatingScript(dir, 'mix', searchPaths),
  };
  // Production needs SITE_URL; wrk asks for 127.0.0.1, which it names.
  const env = { DATABASE_URL: url, DEMO_CONTENT: '0', NODE_ENV: 'production', SITE_URL: 'http://127.0.0.1' };
  const servers: RunningServer[] = [];
  try {
    const warm = await startServerProcess(env);
    servers.push(warm);
    const cold = await startServerProcess({ ...env, PAGE_CACHE_SECONDS: '0' });
    servers.push(cold);
    // A page that does not answer 200 is no baseline: a category once named like the văn bản
    // library's /van-ban made every sampled article a 404, measured as if it were the page.
    for (const sample of [articlePaths[0]!, searchPaths[0]!]) {
      const res = await fetch(`${warm.url}${sample}`);
      if (res.status !== 200) throw new Error(`${sample} answered ${res.status}, not 200: nothing to measure`);
    }
    const ttl = loadConfig({}).pageCacheSeconds;
    const loads = [
      { name: `warm  article page (${articlePaths.length})`, server: warm, duration: ttl, script: scripts.article },
      { name: `warm  search, ${POPULAR} popular`, server: warm, duration: ttl, script: scripts.popular },
      { name: `warm  search, whole mix (${searchPaths.length})`, server: warm, duration: ttl, script: scripts.mix },
      {
        name: `cold  article page (${articlePaths.length})`,
        server: cold,
        duration: DURATION,
        script: scripts.article,
      },
      {
        name: `cold  search, whole mix (${searchPaths.length})`,
        server: cold,
        duration: DURATION,
        script: scripts.mix,
      },
    ];
    // Warm-up: JIT and SQLite's page cache.
    for (const server of servers) {
      for (const script of Object.values(scripts))
        wrk(`${server.url}/`, { connections: CONNECTIONS, duration: 2, script });
    }
    const runs = loads.map(() => [] as Run[]);
    for (let round = 0; round < ROUNDS; round++) {
      loads.forEach((l, i) =>
        runs[i]!.push(
          measure(l.server.child.pid!, `${l.server.url}/`, {
            connections: CONNECTIONS,
            duration: l.duration,
            script: l.script,
          }),
        ),
      );
    }
    const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);
    const cols = (r: Run) =>
      `${fmt(r.rps)} ${fmt(r.p50, 1)} ${fmt(r.p99, 1)} ${fmt(r.cpuUs)} ${fmt(r.errors)} ${fmt(r.timeouts)}`;
    console.log(
      `  page throughput: wrk -t1 -c${CONNECTIONS} on 127.0.0.1; warm: page cache as in production (PAGE_CACHE_SECONDS ${ttl}), runs of ${ttl} s; cold: PAGE_CACHE_SECONDS=0, runs of ${DURATION} s; median of ${ROUNDS} interleaved rounds; load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`  ${''.padEnd(34)}    req/s   p50 ms   p99 ms   µs CPU   errors timeouts`);
    loads.forEach((l, i) => console.log(`  ${l.name.padEnd(34)} ${cols(medianRun(runs[i]!))}`));
    const ratio = (search: number, article: number) => {
      const rps = median(runs[search]!.map((s, k) => s.rps / runs[article]![k]!.rps));
      const cpu = medianRun(runs[article]!).cpuUs / medianRun(runs[search]!).cpuUs;
      return `${rps.toFixed(2)} (CPU per request, article/search ${cpu.toFixed(2)})`;
    };
    console.log(
      `  search/article throughput (target ≥ 0.50): warm, popular ${ratio(1, 0)}; warm, whole mix ${ratio(2, 0)}; cold ${ratio(4, 3)}`,
    );
    console.log("  µs CPU: the server process's CPU time (user + system) per request.");
    return medianRun(runs[4]!);
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The kept database of this count (keep=1): a file in the temp directory, a schema beside the tests'. */
async function keptDatabase(dialect: DialectName): Promise<TestDatabase & { seeded: boolean }> {
  const name = `toasoan_search_bench_${COUNT}`;
  let url: string;
  let seeded: boolean;
  let remove: () => Promise<void>;
  if (dialect === 'sqlite') {
    const file = path.join(tmpdir(), `${name}.db`);
    seeded = existsSync(file);
    url = `sqlite:${file}`;
    remove = async () => rmSync(file, { force: true });
  } else {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const r = await admin.query('select 1 from information_schema.schemata where schema_name = $1', [name]);
    seeded = r.rowCount === 1;
    await admin.query(`create schema if not exists ${name}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.searchParams.set('options', `-c search_path=${name}`);
    url = u.toString();
    remove = async () => {
      const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema if exists ${name} cascade`);
      await c.end();
    };
  }
  const handle = createDb(url);
  await migrateToLatest(handle);
  // Seeded only if a run finished indexing: an interrupted one left fewer articles or none indexed.
  if (seeded) {
    const n = await handle.kysely
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    seeded = Number(n.n) === COUNT && (await categorySlugs(handle)).size === CATEGORIES.length;
  }
  return {
    url,
    handle,
    seeded,
    async drop() {
      await handle.destroy();
      if (KEEP === 'drop') await remove();
    },
  };
}

async function categorySlugs(handle: DbHandle): Promise<Map<number, string>> {
  const rows = await handle.kysely.selectFrom('categories').select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.id, r.slug]));
}

async function benchBackend(dialect: DialectName, queries: BenchQuery[]) {
  // A fresh, migrated temp SQLite file or private PostgreSQL schema, as the tests use; or the kept one.
  const db = KEEP ? await keptDatabase(dialect) : { ...(await createTestDatabase(dialect)), seeded: false };
  const handle = db.handle;
  try {
    let slugs: Map<number, string>;
    if (db.seeded) {
      slugs = await categorySlugs(handle);
      console.log(`\n${dialect}: ${COUNT} articles kept from an earlier run (keep=1), not indexed again`);
    } else {
      if (KEEP) await handle.search.clear(handle.kysely);
      if (KEEP) await handle.kysely.deleteFrom('articles').execute();
      if (KEEP) await handle.kysely.deleteFrom('categories').execute();
      let start = performance.now();
      slugs = await bulkInsert(handle);
      console.log(`\n${dialect}: ${COUNT} articles written in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      start = performance.now();
      const indexed = await reindexAll(handle);
      const seconds = (performance.now() - start) / 1000;
      console.log(
        `  indexing: ${indexed} articles in ${seconds.toFixed(1)} s = ${Math.round(indexed / seconds)} articles/s`,
      );
      // What autovacuum does to a server's tables after a bulk load (this machine runs it off): the
      // search's index-only reads of articles skip their rows only on pages vacuum marked all-visible.
      if (dialect === 'postgres')
        await sql`vacuum analyze articles, search_documents, search_leads`.execute(handle.kysely);
    }
    const site = new Site(handle, loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }));
    await measureQueries(site, queries.slice(0, 50)); // warm caches
    if (CPU_ONLY) {
      await measureQueries(site, queries); // JIT: every query kind compiled before counting
      const us: number[] = [];
      const byKind = new Map<string, number[]>();
      for (let round = 0; round < ROUNDS; round++)
        for (const r of (await measureQueries(site, queries)).rows) {
          us.push(r.cpuMs * 1000);
          const kind = r.sort === 'newest' ? 'newest' : r.kind;
          if (!byKind.has(kind)) byKind.set(kind, []);
          byKind.get(kind)!.push(r.cpuMs * 1000);
        }
      const s = summary(us);
      for (const [kind, k] of byKind) {
        const { p50, p95 } = summary(k);
        console.log(`    ${kind.padEnd(8)} median ${p50.toFixed(0)} µs, p95 ${p95.toFixed(0)} µs`);
      }
      console.log(
        `  cold search CPU per query, ${queries.length} queries × ${ROUNDS}: median ${s.p50.toFixed(0)} µs, p95 ${s.p95.toFixed(0)} µs, p99 ${s.p99.toFixed(0)} µs; load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      const ms = summary(us.map((u) => u / 1000));
      return { latency: ms, cpu: ms, cold: undefined, diskMiB: null };
    }
    const measured = await measureQueries(site, queries);
    report(measured);
    // A category or a year narrows the window to the matches that pass it: a search of its own.
    const some = queries.filter((bq) => bq.kind !== 'no-hit').slice(0, FILTERED);
    const byCategory = await measureQueries(
      site,
      some.map((bq, i) => ({ ...bq, categorySlug: CATEGORIES[i % CATEGORIES.length] })),
    );
    const byYear = await measureQueries(
      site,
      some.map((bq, i) => ({ ...bq, from: `${2019 + (i % 7)}-01-01`, to: `${2019 + (i % 7)}-12-31` })),
    );
    const line = (s: ReturnType<typeof summary>) =>
      `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
    console.log(`  ${some.length} of the mix (no no-hit ones), each in one category: ${line(byCategory.all)}`);
    console.log(`  the same in one year (the bench's dates do not follow its ids): ${line(byYear.all)}`);
    const cold = dialect === 'sqlite' ? await throughput(handle, db.url, queries, slugs) : undefined;
    return { latency: measured.all, cpu: summary(measured.rows.map((x) => x.cpuMs)), cold, diskMiB: measured.diskMiB };
  } finally {
    await db.drop();
  }
}

const queries = queryMix();
// `only=sqlite` or `only=postgres` runs one back end (two processes can then run side by side).
const only = process.argv.find((a) => a.startsWith('only='))?.slice(5);
const sqlite = only !== 'postgres' ? await benchBackend('sqlite', queries) : undefined;
let postgres: Awaited<ReturnType<typeof benchBackend>> | undefined;
if (only !== 'sqlite') {
  if (process.env.TEST_DATABASE_URL) postgres = await benchBackend('postgres', queries);
  else console.log('\npostgres: skipped (set TEST_DATABASE_URL)');
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(
  `\nsummary, ${COUNT} articles, ${QUERIES} queries; load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const [name, r] of [
  ['sqlite', sqlite],
  ['postgres', postgres],
] as const) {
  if (r)
    console.log(
      `  ${name.padEnd(8)} p50 ${ms(r.latency.p50)}, p95 ${ms(r.latency.p95)}, p99 ${ms(r.latency.p99)}${diskNote(r.diskMiB)}`,
    );
}
if (sqlite && postgres) {
  const ratio = (k: 'p50' | 'p95' | 'p99') => (postgres.latency[k] / sqlite.latency[k]).toFixed(1);
  console.log(
    `  postgres/sqlite, same run: p50 ${ratio('p50')}×, p95 ${ratio('p95')}× (target ≤ 3×), p99 ${ratio('p99')}×`,
  );
}
if (postgres) console.log('  postgres targets: p95 ≤ 20 ms, p99 ≤ 40 ms');
if (sqlite) {
  // Cold: no cache of any kind; the service alone, and the whole request (HTTP and page) under wrk.
  console.log(
    `  sqlite cold search CPU per request (target ≤ 2 ms median): service ${ms(sqlite.cpu.p50)} median${sqlite.cold ? `; whole page under wrk ${ms(sqlite.cold.cpuUs / 1000)}` : ''}`,
  );
}
