/**
 * Search on SQLite: an FTS5 table over our own ASCII terms (see
 * vi/search-text.ts), because FTS5's remove_diacritics leaves quyết and hội
 * unfolded, never folds đ, and better-sqlite3 cannot register a tokenizer.
 * Contentless: snippets are built from the articles table, so the text is
 * not stored twice.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ParsedQuery, QueryGroup } from './query.js';
import { wantsAdjacency } from './query.js';
import type { Db, IndexedDocument, SearchFilters, SearchHit, SearchIndex, SearchPage } from './search-index.js';

// Headline terms weigh ten times body terms; an exact-mark hit (marks column) outweighs both by far.
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 1000.0)`;
/**
 * Broad queries (more matches than this) rank among this many of the newest
 * matches: bm25 over every match of a common word costs about a second at
 * 100,000 articles, and a news reader wants recent articles anyway.
 */
export const WINDOW = 2000;

function phrase(terms: readonly string[], prefix: boolean): string {
  return `"${terms.join(' ')}"${prefix ? '*' : ''}`;
}

function groupsExpr(groups: readonly QueryGroup[], prefix: boolean): string {
  return groups.map((g, i) => phrase(g.terms, prefix && i === groups.length - 1)).join(' AND ');
}

/** FTS5 MATCH strings; every term is [a-z0-9] and quoted, so reader text is never syntax. */
export function sqliteMatches(q: ParsedQuery) {
  const text = (expr: string) => `{title body} : (${expr})`;
  return {
    main: text(groupsExpr(q.groups, q.prefix)),
    exact: q.markKeys.length ? `marks : (${q.markKeys.map((k) => `"${k}"`).join(' AND ')})` : null,
    adjacent: wantsAdjacency(q) ? text(phrase(q.words, q.prefix)) : null,
    whole: q.prefix ? text(groupsExpr(q.groups, false)) : null,
  };
}

/**
 * One MATCH that finds what `main` finds but ranks with the boosts too: bm25
 * scores every phrase in the expression, so OR-ing the boosts with `main`
 * adds their weight without changing the matches.
 */
export function rankedMatch(m: ReturnType<typeof sqliteMatches>): string {
  const boosts = [m.exact, m.adjacent, m.whole].filter((b): b is string => b !== null);
  if (!boosts.length) return m.main;
  return `(${m.main}) AND (${[...boosts, m.main].map((b) => `(${b})`).join(' OR ')})`;
}

export const sqliteSearchIndex: SearchIndex = {
  async createSchema(db: Kysely<unknown>) {
    await sql`create virtual table search_fts using fts5(
      title, body, marks,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0',
      prefix = '2 3'
    )`.execute(db);
  },

  async upsert(db: Db, doc: IndexedDocument) {
    await sql`delete from search_fts where rowid = ${doc.articleId}`.execute(db);
    await sql`insert into search_fts (rowid, title, body, marks)
      values (${doc.articleId}, ${doc.title.folded}, ${doc.body.folded}, ${`${doc.title.marks} ${doc.body.marks}`})`.execute(db);
  },

  async remove(db: Db, articleId: number) {
    await sql`delete from search_fts where rowid = ${articleId}`.execute(db);
  },

  async clear(db: Db) {
    await sql`delete from search_fts`.execute(db);
  },

  async optimize(db: Db) {
    // Merges the index segments a bulk load leaves behind: broad queries got ~20x faster at 100k articles.
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
  },

  async search(db: Db, q: ParsedQuery, f: SearchFilters): Promise<SearchPage> {
    const m = sqliteMatches(q);
    const ranked = rankedMatch(m);
    const window = f.window ?? WINDOW;
    // Unary + keeps SQLite from reading the status/time indexes when the ids are already known.
    const where = sql.join(
      [
        sql`+a.status = 'published'`,
        sql`+a.published_at <= ${f.now}`,
        ...(f.categoryId !== undefined ? [sql`(+a.category_id = ${f.categoryId} or +a.root_category_id = ${f.categoryId})`] : []),
        ...(f.from ? [sql`+a.published_at >= ${f.from}`] : []),
        ...(f.to ? [sql`+a.published_at < ${f.to}`] : []),
      ],
      sql` and `,
    );
    const columns = sql`a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at`;
    // Counting stops past the window: a broad query costs the window, not the whole archive.
    const counted = await sql<{ n: number }>`select count(*) as n
      from (select rowid from search_fts where search_fts match ${m.main} limit ${window + 1})`.execute(db);
    const broad = Number(counted.rows[0]?.n ?? 0) > window;

    if (!broad) {
      // At most `window` matches: join them all, filter and order exactly.
      // CROSS JOIN keeps the FTS lookup as the outer loop; otherwise the planner may scan articles and probe FTS per row.
      const order = f.sort === 'newest' ? sql`a.published_at desc, a.id desc` : sql`h.score, a.published_at desc, a.id desc`;
      const rows = await sql<SearchHit & { n: number }>`select ${columns}, count(*) over () as n
        from (select rowid as id, ${BM25} as score from search_fts where search_fts match ${ranked}) h
        cross join articles a on a.id = h.id
        where ${where}
        order by ${order}
        limit ${f.limit} offset ${f.offset}`.execute(db);
      const total = rows.rows[0]?.n ?? (f.offset === 0 ? 0 : await countNarrow(db, m.main, where));
      return { total: Number(total), capped: false, hits: rows.rows.map(({ n: _n, ...hit }) => hit) };
    }

    // Broad: rank among the `window` newest matches (by article id, read straight off the FTS
    // index without sorting); the total is a lower bound. bm25 is not used here: it counts every
    // phrase's documents across the whole index, which for common words costs about a second.
    const scored = await broadWindow(db, m, window);
    const ids = scored.rows.map((r) => r.id);
    // Only ids and times for the whole window; full rows for the page alone.
    const found = await sql<{ id: number; published_at: string }>`select a.id, a.published_at from articles a
      where a.id in (${sql.join(ids)}) and ${where}`.execute(db);
    const score = new Map(scored.rows.map((r) => [r.id, r.score]));
    type Row = { id: number; published_at: string };
    const byTime = (x: Row, y: Row) => y.published_at.localeCompare(x.published_at) || y.id - x.id;
    const ordered = found.rows.sort(f.sort === 'newest' ? byTime : (x, y) => score.get(y.id)! - score.get(x.id)! || byTime(x, y));
    const pageIds = ordered.slice(f.offset, f.offset + f.limit).map((r) => r.id);
    const rows = pageIds.length
      ? await sql<SearchHit>`select ${columns} from articles a where a.id in (${sql.join(pageIds)})`.execute(db)
      : { rows: [] };
    const position = new Map(pageIds.map((id, i) => [id, i]));
    const hits = rows.rows.sort((x, y) => position.get(x.id)! - position.get(y.id)!);
    return { total: ordered.length, capped: true, hits };
  },
};

async function countNarrow(db: Db, match: string, where: RawBuilder<unknown>): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n
    from (select rowid as id from search_fts where search_fts match ${match}) h cross join articles a on a.id = h.id
    where ${where}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * The newest `window` matches, each scored by which boosts it meets: exact
 * marks 8, adjacent words 4, a headline match 2, a whole last word 1. Each
 * boost is one MATCH limited to the window's rowid range, so its cost is the
 * window's, not the archive's.
 */
async function broadWindow(db: Db, m: ReturnType<typeof sqliteMatches>, window: number) {
  const ids = await sql<{ id: number }>`select rowid as id from search_fts
    where search_fts match ${m.main} order by rowid desc limit ${window}`.execute(db);
  const minId = ids.rows.at(-1)?.id ?? 0;
  const headline = m.main.replace('{title body}', '{title}');
  const boosts: Array<[string | null, number]> = [[m.exact, 8], [m.adjacent, 4], [headline, 2], [m.whole, 1]];
  const score = new Map(ids.rows.map((r) => [r.id, 0]));
  for (const [match, weight] of boosts) {
    if (match === null) continue;
    const hit = await sql<{ id: number }>`select rowid as id from search_fts
      where search_fts match ${match} and rowid >= ${minId}`.execute(db);
    for (const { id } of hit.rows) if (score.has(id)) score.set(id, score.get(id)! + weight);
  }
  return { rows: [...score].map(([id, s]) => ({ id, score: s })) };
}
