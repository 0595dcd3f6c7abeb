/**
 * Import speed through the real commands, for the plain-text importer (`toasoan import`) and the
 * văn bản importer (`toasoan import-documents`), on SQLite and PostgreSQL (--postgres, or
 * TEST_DATABASE_URL) in one run. For each: N generated items into an empty site, 1,000 into an
 * empty site, and 1,000 more into the N-item site (issue 18's flat cost: ≤ 1.3 times the first);
 * then `toasoan reindex` rebuilds the big site's article search index, the indexing rate alone.
 *
 * Each figure comes as wall-clock time and as CPU time: the command's own (user + system, read
 * from /proc after it ends) and, on PostgreSQL, its server processes' (sampled from /proc while
 * it runs; only a server on this machine). The machine is shared, so CPU time is the steadier
 * figure. The WordPress importer has its own bench (bench:wordpress) with the same figures.
 *
 *   npm run bench:import -- [--articles 20000] [--postgres postgres://…/db] [--only plain|documents]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatVnDateTime } from '../src/vi/dates.js';
import { generateArticles } from './generate-articles.js';
import { figures, flatCost, flatCostLines, onEachDatabase, runImport } from './import-runner.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '20000' },
    postgres: { type: 'string' },
    only: { type: 'string' },
  },
});
const ARTICLES = Number(values.articles);
const POSTGRES = values.postgres ?? process.env.TEST_DATABASE_URL;
if (!(ARTICLES >= 1000)) throw new Error('--articles takes a number of at least 1000');
const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-import-bench-'));
const DATA = path.join(dir, 'data');
const SEEDS = { bulk: 1, small: 2, more: 3 } as const;
const COUNTS = { bulk: ARTICLES, small: 1000, more: 1000 } as const;
type Set = keyof typeof SEEDS;

/** The articles of a set as the plain-text files the importer reads. */
function writeArticleFiles(set: Set): string {
  const folder = path.join(dir, set);
  mkdirSync(folder);
  let i = 0;
  for (const a of generateArticles(COUNTS[set], SEEDS[set])) {
    const text = [a.title, formatVnDateTime(a.publishedAt), a.sapo, '', ...a.paragraphs, '', a.byline, ''].join('\n');
    writeFileSync(path.join(folder, `${String(i++).padStart(6, '0')}.txt`), text);
  }
  return folder;
}

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * The same articles as văn bản rows (no attached files): the headline and sapo as the summary,
 * a code of its own per set and row, the publication day as the day of issue.
 */
function writeDocumentsCsv(set: Set): string {
  const file = path.join(dir, `${set}.csv`);
  const rows = [
    'so_ky_hieu,loai,co_quan_ban_hanh,nguoi_ky,ngay_ban_hanh,ngay_hieu_luc,trich_yeu,linh_vuc,trang_thai,tep',
  ];
  let i = 0;
  for (const a of generateArticles(COUNTS[set], SEEDS[set])) {
    const day = formatVnDateTime(a.publishedAt).slice(6);
    const code = `${++i}/${2000 + SEEDS[set]}/NĐ-CP`;
    const summary = `${a.title}. ${a.sapo}`;
    rows.push(
      [
        code,
        'Nghị định',
        'Chính phủ',
        csvField(a.byline),
        day,
        day,
        csvField(summary),
        'Hành chính',
        'còn hiệu lực',
        '',
      ].join(','),
    );
  }
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

async function plainText(kind: string, fresh: () => string, folders: Record<Set, string>): Promise<string[]> {
  const { result, url } = await flatCost(fresh, (set, db) => runImport(['import', folders[set]], db, DATA));
  const reindex = await runImport(['reindex'], url, DATA);
  return [
    ...flatCostLines(`plain text, ${kind}`, ARTICLES, result),
    `  reindex of the ${ARTICLES + 1000} articles: ${figures(ARTICLES + 1000, reindex)}`,
  ];
}

async function documents(kind: string, fresh: () => string, files: Record<Set, string>): Promise<string[]> {
  const { result } = await flatCost(fresh, (set, db) => runImport(['import-documents', files[set]], db, DATA));
  return flatCostLines(`documents (văn bản CSV), ${kind}`, ARTICLES, result, 'documents');
}

try {
  const sets = Object.keys(SEEDS) as Set[];
  const want = (what: string) => !values.only || values.only === what;
  console.error(`writing ${ARTICLES + 2000} articles as files and as CSV rows…`);
  const folders = Object.fromEntries(sets.map((s) => [s, want('plain') ? writeArticleFiles(s) : ''])) as Record<
    Set,
    string
  >;
  const csvs = Object.fromEntries(sets.map((s) => [s, want('documents') ? writeDocumentsCsv(s) : ''])) as Record<
    Set,
    string
  >;
  await onEachDatabase(dir, POSTGRES, async (kind, fresh) => [
    ...(want('plain') ? await plainText(kind, fresh, folders) : []),
    ...(want('documents') ? await documents(kind, fresh, csvs) : []),
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
