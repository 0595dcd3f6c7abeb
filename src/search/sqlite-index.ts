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
import type { Db, IndexedDocument, SearchFilters, SearchHit, SearchIndex } from './search-index.js';

// Headline terms weigh ten times body terms; the marks column only decides the exact-mark tier.
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 0.0)`;

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

function tier(match: string | null, weight: number): RawBuilder<number> {
  if (match === null) return sql<number>`0`;
  return sql<number>`(case when a.id in (select rowid from search_fts where search_fts match ${match}) then ${sql.lit(weight)} else 0 end)`;
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
    const hits = sql`(select rowid as id, ${BM25} as score from search_fts where search_fts match ${m.main})`;
    const order =
      f.sort === 'newest'
        ? sql`a.published_at desc, a.id desc`
        : sql`tier desc, h.score asc, a.published_at desc, a.id desc`;
    const rows = await sql<SearchHit>`
      select a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at,
        ${tier(m.exact, 4)} + ${tier(m.adjacent, 2)} + ${tier(m.whole, 1)} as tier
      from ${hits} h join articles a on a.id = h.id
      where ${where}
      order by ${order}
      limit ${f.limit} offset ${f.offset}`.execute(db);
    // A short first page already is the whole result; otherwise count without ranking.
    if (f.offset === 0 && rows.rows.length < f.limit) return { total: rows.rows.length, hits: rows.rows };
    const count = await sql<{ n: number }>`
      select count(*) as n from search_fts h join articles a on a.id = h.rowid
      where search_fts match ${m.main} and ${where}`.execute(db);
    return { total: Number(count.rows[0]?.n ?? 0), hits: rows.rows };
  },
};
