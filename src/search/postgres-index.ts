/**
 * Search on PostgreSQL: tsvectors over our own ASCII terms (see
 * vi/search-text.ts) with the 'simple' configuration, so neither the default
 * parser (which splits 22-NQ/TW into 22 + nq/tw) nor a non-immutable
 * unaccent() is involved; GIN indexes on both vectors.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ParsedQuery, QueryGroup } from './query.js';
import { wantsAdjacency } from './query.js';
import {
  forgetVocabulary,
  isFiltered,
  unwrittenVocabulary,
  WINDOW,
  type Db,
  type IndexedDocument,
  type SearchFilters,
  type SearchHit,
  type SearchIndex,
} from './search-index.js';

// Weights for D, C, B, A: headline (A) terms weigh ten times body (D) terms.
const WEIGHTS = sql.lit('{0.1, 0.2, 0.4, 1.0}');

function phrase(terms: readonly string[], prefix: boolean): string {
  const parts = terms.map((t, i) => (prefix && i === terms.length - 1 ? `${t}:*` : t));
  return `(${parts.join(' <-> ')})`;
}

function groupsExpr(groups: readonly QueryGroup[], prefix: boolean): string {
  return groups.map((g, i) => phrase(g.terms, prefix && i === groups.length - 1)).join(' & ');
}

/** tsquery strings; every term is [a-z0-9], so reader text is never syntax. */
export function postgresQueries(q: ParsedQuery) {
  return {
    main: groupsExpr(q.groups, q.prefix),
    exact: q.markKeys.length ? q.markKeys.join(' & ') : null,
    adjacent: wantsAdjacency(q) ? phrase(q.words, q.prefix) : null,
    whole: q.prefix ? groupsExpr(q.groups, false) : null,
  };
}

function tier(column: 'doc' | 'marks', query: string | null, weight: number): RawBuilder<number> {
  if (query === null) return sql<number>`0`;
  return sql<number>`(case when s.${sql.ref(column)} @@ to_tsquery('simple', ${query}) then ${sql.lit(weight)} else 0 end)`;
}

export const postgresSearchIndex: SearchIndex = {
  async createSchema(db: Kysely<unknown>) {
    await db.schema
      .createTable('search_documents')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('doc', sql`tsvector`, (c) => c.notNull())
      .addColumn('marks', sql`tsvector`, (c) => c.notNull())
      .execute();
    await sql`create index search_documents_doc on search_documents using gin (doc)`.execute(db);
    await sql`create index search_documents_marks on search_documents using gin (marks)`.execute(db);
  },

  async createSpeedups() {
    // Nothing yet: GIN reads prefix matches directly, and the candidates are joined in the same query.
  },

  async createTitleIndex() {
    // Nothing: the headline boost reads the weights already in the one tsvector.
  },

  upsert(db: Db, doc: IndexedDocument) {
    return postgresSearchIndex.upsertMany(db, [doc]);
  },

  async upsertMany(db: Db, docs: readonly IndexedDocument[]) {
    if (!docs.length) return;
    // One statement for the whole batch: a round trip per article cost more than building its vectors.
    await sql`insert into search_documents (article_id, doc, marks)
      select id, setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D'),
        to_tsvector('simple', marks)
      from unnest(${docs.map((d) => d.articleId)}::int[], ${docs.map((d) => d.title.folded)}::text[],
        ${docs.map((d) => d.body.folded)}::text[], ${docs.map((d) => `${d.title.marks} ${d.body.marks}`)}::text[])
        as u(id, title, body, marks)
      on conflict (article_id) do update set doc = excluded.doc, marks = excluded.marks`.execute(db);
    const vocabulary = unwrittenVocabulary(db, docs);
    if (vocabulary.length)
      await sql`insert into search_vocabulary (form, folded)
        select * from unnest(${vocabulary.map((v) => v.form)}::text[], ${vocabulary.map((v) => v.folded)}::text[])
        on conflict do nothing`.execute(db);
  },

  remove(db: Db, articleId: number) {
    return postgresSearchIndex.removeMany(db, [articleId]);
  },

  async removeMany(db: Db, articleIds: readonly number[]) {
    if (articleIds.length)
      await sql`delete from search_documents where article_id = any(${[...articleIds]}::int[])`.execute(db);
  },

  async clear(db: Db) {
    await sql`delete from search_documents`.execute(db);
    await sql`delete from search_vocabulary`.execute(db);
    forgetVocabulary(db);
  },

  async optimize(db: Db) {
    // A bulk load leaves its GIN entries in the pending list, which every search then reads in full:
    // a no-hit query took 1.5 s at 20,000 articles, and the planner chose a sequential scan over it.
    await sql`select gin_clean_pending_list('search_documents_doc'::regclass),
      gin_clean_pending_list('search_documents_marks'::regclass)`.execute(db);
    // A rebuild follows bulk changes (an import); the search joins articles, and plans from stale
    // counts of them took 2-5 times longer until autovacuum came round.
    await sql`analyze search_documents`.execute(db);
    await sql`analyze articles`.execute(db);
  },

  async countTerm(db: Db, term: { folded: string } | { markKey: string }, cap: number) {
    const r = await sql<{ n: string }>`select count(*) as n from (
      select 1 from search_documents s
      where ${'folded' in term ? sql`s.doc @@ to_tsquery('simple', ${term.folded})` : sql`s.marks @@ to_tsquery('simple', ${term.markKey})`}
      limit ${cap}) c`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },

  async search(db: Db, q: ParsedQuery, f: SearchFilters) {
    const t = postgresQueries(q);
    const window = f.window ?? WINDOW;
    const filters = sql.join(
      [
        sql`a.status = 'published'`,
        sql`a.published_at <= ${f.now}`,
        ...(f.categoryId !== undefined
          ? [sql`(a.category_id = ${f.categoryId} or a.root_category_id = ${f.categoryId})`]
          : []),
        ...(f.from ? [sql`a.published_at >= ${f.from}`] : []),
        ...(f.to ? [sql`a.published_at < ${f.to}`] : []),
      ],
      sql` and `,
    );
    const order =
      f.sort === 'newest'
        ? ['published_at desc', 'id desc']
        : ['tier desc', 'score desc', 'published_at desc', 'id desc'];
    const orderBy = (prefix: string) => sql.raw(order.map((o) => prefix + o).join(', '));
    // Each use of s.doc detoasts the whole tsvector again, so newest-first skips them all.
    const relevance =
      f.sort === 'newest'
        ? sql`0 as tier, 0 as score`
        : sql`${tier('marks', t.exact, 4)} + ${tier('doc', t.adjacent, 2)} + ${tier('doc', t.whole, 1)} as tier,
            ts_rank(${WEIGHTS}, s.doc, to_tsquery('simple', ${t.main})) as score`;
    // As on SQLite, a query ranks among its newest `window` matches. A common word matches half the
    // archive, and then the planner reads every document (detoasting each tsvector) instead of the
    // GIN index: about a second at 20,000 articles for the count alone. Newest first, PostgreSQL
    // walks the primary key backwards and stops at window + 1; a rare word still goes through GIN.
    // A category or date filter joins the window, as on SQLite, so it reaches past the newest matches.
    //
    // Every step is materialized, so the planner sees each one alone. `matched` inlined was recounted
    // for every hit joined (half a second per broad query at 20,000 articles). With the page's
    // ORDER BY and LIMIT over the join, fresh statistics made it walk all articles newest first and
    // compare each with every hit (two seconds). Ranked alone, the hits meet the articles by primary
    // key, and only the page's rows read their text.
    const rows = await sql<SearchHit & { n: number; matched: number }>`
      with hits as materialized (
        select s.article_id, s.doc, s.marks from search_documents s
        ${isFiltered(f) ? sql`join articles a on a.id = s.article_id` : sql``}
        where s.doc @@ to_tsquery('simple', ${t.main}) ${isFiltered(f) ? sql`and ${filters}` : sql``}
        order by s.article_id desc limit ${window + 1}
      ), matched as materialized (
        select count(*) as matched, min(article_id) as oldest from hits
      ), ranked as materialized (
        select a.id, a.published_at, ${relevance}
        from hits s cross join matched m join articles a on a.id = s.article_id
        where ${filters} and (m.matched <= ${window} or s.article_id > m.oldest)
      ), page as (
        select id, tier, score, published_at from ranked order by ${orderBy('')} limit ${f.limit} offset ${f.offset}
      )
      select a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at,
        (select count(*) from ranked) as n, (select matched from matched) as matched
      from page join articles a on a.id = page.id
      order by ${orderBy('page.')}`.execute(db);
    const first = rows.rows[0];
    if (!first) {
      if (f.offset === 0) return { total: 0, capped: false, hits: [] };
      // Past the last page: the count comes from the first page's query.
      const again = await postgresSearchIndex.search(db, q, { ...f, offset: 0, limit: 1 });
      return { ...again, hits: [] };
    }
    const hits = rows.rows.map(({ n: _n, matched: _m, ...hit }) => hit);
    return { total: Number(first.n), capped: Number(first.matched) > window, hits };
  },
};
