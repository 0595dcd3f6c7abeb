/**
 * Search on SQLite: an FTS5 table over our own ASCII terms (see
 * vi/search-text.ts), because FTS5's remove_diacritics leaves quyết and hội
 * unfolded, never folds đ, and better-sqlite3 cannot register a tokenizer.
 * Contentless: snippets are built from the articles table, so the text is
 * not stored twice.
 */
import { sql, type Kysely } from 'kysely';
import type { ParsedQuery, QueryGroup } from './query.js';
import { wantsAdjacency } from './query.js';
import type { Db, IndexedDocument, SearchFilters, SearchHit, SearchIndex } from './search-index.js';

// Headline terms weigh ten times body terms; an exact-mark hit (marks column) outweighs both by far.
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 1000.0)`;
/** Candidates ranked inside FTS before joining articles: the page plus room for scheduled articles. */
const CANDIDATE_MARGIN = 50;

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

  async search(db: Db, q: ParsedQuery, f: SearchFilters) {
    const m = sqliteMatches(q);
    const ranked = rankedMatch(m);
    const filtered = f.categoryId !== undefined || f.from !== undefined || f.to !== undefined;
    const where = sql.join(
      [
        sql`a.status = 'published'`,
        sql`a.published_at <= ${f.now}`,
        ...(f.categoryId !== undefined ? [sql`(a.category_id = ${f.categoryId} or a.root_category_id = ${f.categoryId})`] : []),
        ...(f.from ? [sql`a.published_at >= ${f.from}`] : []),
        ...(f.to ? [sql`a.published_at < ${f.to}`] : []),
      ],
      sql` and `,
    );
    const columns = sql`a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at`;
    // CROSS JOIN keeps the FTS lookup as the outer loop; otherwise the planner may scan articles and probe FTS per row.
    const count = async () => {
      if (filtered) {
        const r = await sql<{ n: number }>`select count(*) as n
          from (select rowid as id from search_fts where search_fts match ${m.main}) h cross join articles a on a.id = h.id
          where ${where}`.execute(db);
        return Number(r.rows[0]?.n ?? 0);
      }
      // Unfiltered: count in FTS alone, minus the few matching articles scheduled for later.
      const all = await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${m.main}`.execute(db);
      const later = await sql<{ n: number }>`select count(*) as n from articles a
        where a.status = 'published' and a.published_at > ${f.now}
          and exists (select 1 from search_fts where search_fts match ${m.main} and rowid = a.id)`.execute(db);
      return Number(all.rows[0]?.n ?? 0) - Number(later.rows[0]?.n ?? 0);
    };

    if (f.sort === 'relevance' && !filtered) {
      // Rank inside FTS, join only the top rows: several times faster than joining every match.
      const k = f.offset + f.limit + CANDIDATE_MARGIN;
      const top = await sql<{ id: number; score: number }>`select rowid as id, ${BM25} as score
        from search_fts where search_fts match ${ranked} order by score limit ${k}`.execute(db);
      const score = new Map(top.rows.map((r) => [r.id, r.score]));
      const found = top.rows.length
        ? await sql<SearchHit>`select ${columns} from articles a
            where a.id in (${sql.join(top.rows.map((r) => r.id))}) and ${where}`.execute(db)
        : { rows: [] };
      const ordered = found.rows.sort(
        (x, y) => score.get(x.id)! - score.get(y.id)! || y.published_at.localeCompare(x.published_at) || y.id - x.id,
      );
      const page = ordered.slice(f.offset, f.offset + f.limit);
      // Enough candidates survived the filter, or there were no more to rank: this is the answer.
      if (page.length === f.limit || top.rows.length < k) {
        const total = top.rows.length < k ? ordered.length : await count();
        return { total, hits: page };
      }
    }
    const order =
      f.sort === 'newest' ? sql`a.published_at desc, a.id desc` : sql`h.score, a.published_at desc, a.id desc`;
    const rows = await sql<SearchHit>`select ${columns}
      from (select rowid as id, ${BM25} as score from search_fts where search_fts match ${ranked}) h
      cross join articles a on a.id = h.id
      where ${where}
      order by ${order}
      limit ${f.limit} offset ${f.offset}`.execute(db);
    if (f.offset === 0 && rows.rows.length < f.limit) return { total: rows.rows.length, hits: rows.rows };
    return { total: await count(), hits: rows.rows };
  },
};
