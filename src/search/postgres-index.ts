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
  type SearchPage,
} from './search-index.js';

/**
 * An article's lead: its headline and first body words, every term at a position up to here (the
 * headline comes first). Ranking reads it instead of the body vector (see search()).
 */
const LEAD_POSITIONS = 64;

/** The lead of a document vector, its positions and weights kept; its terms are [a-z0-9], so the text form needs no quoting. */
function leadOf(vector: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select coalesce(string_agg(u.lexeme || ':' || p.pos || p.weight, ' '), '')::tsvector
    from unnest(${vector}) u, unnest(u.positions, u.weights) as p(pos, weight)
    where p.pos <= ${sql.lit(LEAD_POSITIONS)})`;
}

/** Longer words are left out of a tsvector (with a notice): they take no position in it. */
const MAX_LEXEME = 2047;

/**
 * The first words of folded text, enough for every position of a lead: each term is [a-z0-9], one
 * word to the 'simple' configuration, so the first LEAD_POSITIONS words it keeps are the first
 * LEAD_POSITIONS positions.
 */
function leadWords(folded: string): string {
  const words: string[] = [];
  let kept = 0;
  for (let at = 0; kept < LEAD_POSITIONS && at < folded.length;) {
    let end = folded.indexOf(' ', at);
    if (end < 0) end = folded.length;
    if (end > at) {
      words.push(folded.slice(at, end));
      if (end - at <= MAX_LEXEME) kept++;
    }
    at = end + 1;
  }
  return words.join(' ');
}

function term(t: string, prefix: boolean, weight: string): string {
  return `${t}${prefix ? ':*' : ''}${weight ? `${prefix ? '' : ':'}${weight}` : ''}`;
}

function phrase(terms: readonly string[], prefix: boolean, weight = ''): string {
  return `(${terms.map((t, i) => term(t, prefix && i === terms.length - 1, weight)).join(' <-> ')})`;
}

function groupsExpr(groups: readonly QueryGroup[], prefix: boolean, weight = ''): string {
  return groups.map((g, i) => phrase(g.terms, prefix && i === groups.length - 1, weight)).join(' & ');
}

/** tsquery strings; every term is [a-z0-9], so reader text is never syntax. */
export function postgresQueries(q: ParsedQuery) {
  return {
    main: groupsExpr(q.groups, q.prefix),
    /** Main in headline terms (weight A) of the lead. */
    headline: groupsExpr(q.groups, q.prefix, 'A'),
    exact: q.markKeys.length ? q.markKeys.join(' & ') : null,
    adjacent: wantsAdjacency(q) ? phrase(q.words, q.prefix) : null,
    whole: q.prefix ? groupsExpr(q.groups, false) : null,
  };
}

type Queries = ReturnType<typeof postgresQueries>;

function tsquery(query: string): RawBuilder<unknown> {
  return sql`to_tsquery('simple', ${query})`;
}

/**
 * Functions the search calls for its GIN lookups (created by createLeadIndex). Each is planned
 * without sequential scans, so every test of a body or marks vector (`@@`) goes through its GIN
 * index, which answers a query without phrases without reading a vector. The planner counts a
 * vector test as cheap, but these vectors are toasted, and reading them back is what made search
 * slow: it chose a sequential scan, or a walk of the primary key testing each row, whenever it
 * guessed that more than a few percent of the articles match (26,000 vectors read for "nghị định 4"
 * at 100,000 articles). A setting of the function, not of a transaction around the search: the
 * extra round trips cost more than they saved on a busy server. Ordered by `article_id + 0`, which
 * the primary key cannot provide, so GIN is the only way left; range bounds the same way. Created
 * or replaced: a restore drops the tables of later migrations, not the functions, then runs them again.
 */
const LOOKUP_FUNCTIONS = {
  newest: sql`create or replace function search_newest(q tsquery, n integer) returns setof integer
    language sql stable set enable_seqscan = off
    as $$ select article_id from search_documents where doc @@ q order by article_id + 0 desc limit n $$`,
  docBetween: sql`create or replace function search_doc_between(q tsquery, lo integer, hi integer) returns setof integer
    language sql stable set enable_seqscan = off
    as $$ select article_id from search_documents where doc @@ q and article_id + 0 between lo and hi $$`,
  marksBetween: sql`create or replace function search_marks_between(q tsquery, lo integer, hi integer) returns setof integer
    language sql stable set enable_seqscan = off
    as $$ select article_id from search_documents where marks @@ q and article_id + 0 between lo and hi $$`,
};

/**
 * The newest `window + 1` matches, as the CTE `hits`. Without a phrase, from GIN (search_newest). A
 * phrase must be checked on the vectors: the planner walks the primary key backwards testing them, or
 * asks GIN first when the phrase's words are rare; at about one vector per match, the walk was faster
 * than asking GIN for every article holding the words and testing the newest of those. With a
 * category or dates, the window is of the matches that pass them, as on SQLite.
 */
function windowQuery(t: Queries, q: ParsedQuery, f: SearchFilters, window: number) {
  if (isFiltered(f))
    return sql`select s.article_id as id from search_documents s join articles a on a.id = s.article_id
      where s.doc @@ ${tsquery(t.main)} and ${filtersOf(f)} order by s.article_id desc limit ${window + 1}`;
  if (q.groups.every((g) => g.terms.length === 1))
    return sql`select search_newest(${tsquery(t.main)}, ${window + 1}) as id`;
  return sql`select article_id as id from search_documents
    where doc @@ ${tsquery(t.main)} order by article_id desc limit ${window + 1}`;
}

function filtersOf(f: SearchFilters): RawBuilder<unknown> {
  return sql.join(
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
}

/**
 * The boosts, as on SQLite: exact marks 8, adjacent words 4, a headline match 2, a whole last word 1.
 * Exact marks and whole words are asked of GIN over the window's id range when the window fills
 * most of it (no phrase, so no vector is read). Spread thin, the range holds many more articles with
 * those marks than the window ("nghị định 152": 427 matches, 62,768 articles marked nghị định), and
 * then the window's own vectors are tested, by primary key. Adjacency and the headline are tested
 * on the lead, a vector of a few hundred bytes.
 */
function tiers(t: Queries): RawBuilder<number> {
  const inIndex = (
    column: 'doc' | 'marks',
    lookup: 'search_doc_between' | 'search_marks_between',
    query: string | null,
    weight: number,
  ) =>
    query === null
      ? sql`0`
      : sql`(case when (case when (select dense from matched)
          then h.id in (select ${sql.raw(lookup)}(${tsquery(query)}, (select oldest from matched), (select newest from matched)))
          else h.id in (select article_id from search_documents
            where article_id = any(array(select id from hits)) and ${sql.ref(column)} @@ ${tsquery(query)}) end)
          then ${sql.lit(weight)} else 0 end)`;
  const inLead = (query: string | null, weight: number) =>
    query === null ? sql`0` : sql`(case when l.lead @@ ${tsquery(query)} then ${sql.lit(weight)} else 0 end)`;
  return sql<number>`${inIndex('marks', 'search_marks_between', t.exact, 8)} + ${inLead(t.adjacent, 4)}
    + ${inLead(t.headline, 2)} + ${inIndex('doc', 'search_doc_between', t.whole, 1)}`;
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
    // Nothing: the headline boost reads the lead (createLeadIndex).
  },

  async createLeadIndex(db: Kysely<unknown>) {
    for (const create of Object.values(LOOKUP_FUNCTIONS)) await create.execute(db);
    await sql`create table search_leads (
      article_id integer primary key references search_documents (article_id) on delete cascade,
      lead tsvector not null
    )`.execute(db);
    await sql`insert into search_leads (article_id, lead)
      select article_id, ${leadOf(sql`doc`)} from search_documents`.execute(db);
    await sql`analyze search_leads`.execute(db);
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
    // Made from the headline and the body's first words alone: reading each document vector back
    // and unnesting all of it took nearly a third of the index statements' time.
    await sql`insert into search_leads (article_id, lead)
      select id, ${leadOf(sql`setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'D')`)}
      from unnest(${docs.map((d) => d.articleId)}::int[], ${docs.map((d) => d.title.folded)}::text[],
        ${docs.map((d) => leadWords(d.body.folded))}::text[]) as u(id, title, body)
      on conflict (article_id) do update set lead = excluded.lead`.execute(db);
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
    await sql`delete from search_leads`.execute(db);
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
    await sql`analyze search_leads`.execute(db);
    await sql`analyze articles`.execute(db);
  },

  async countTerm(db: Db, term: { folded: string } | { markKey: string }, cap: number) {
    const r = await sql<{ n: string }>`select count(*) as n from (
      select 1 from search_documents s
      where ${'folded' in term ? sql`s.doc @@ to_tsquery('simple', ${term.folded})` : sql`s.marks @@ to_tsquery('simple', ${term.markKey})`}
      limit ${cap}) c`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },

  async search(db: Db, q: ParsedQuery, f: SearchFilters): Promise<SearchPage> {
    const t = postgresQueries(q);
    const window = f.window ?? WINDOW;
    const order =
      f.sort === 'newest' ? ['published_at desc', 'id desc'] : ['tier desc', 'published_at desc', 'id desc'];
    const orderBy = (prefix: string) => sql.raw(order.map((o) => prefix + o).join(', '));
    // As on SQLite, a query ranks among its newest `window` matches (see WINDOW). One statement, every
    // step materialized so the planner sees each alone: the window's rows meet the articles and their
    // leads by primary key, and only the page's rows read their text. Always one row at least, which
    // carries the counts when the page is past the end.
    const { rows } = await sql<Partial<SearchHit> & { n: number; matched: number; tier: number | null }>`
        with hits as materialized (${windowQuery(t, q, f, window)}),
        matched as materialized (
          select count(*) as matched, min(id) as oldest, max(id) as newest,
            max(id) - min(id) < 3 * count(*) as dense from hits
        ), ranked as materialized (
          select a.id, a.published_at, ${f.sort === 'newest' ? sql`0` : tiers(t)} as tier
          from hits h cross join matched m join articles a on a.id = h.id
          left join search_leads l on l.article_id = h.id
          where ${filtersOf(f)} and (m.matched <= ${window} or h.id > m.oldest)
        ), page as (
          select id, tier, published_at from ranked order by ${orderBy('')} limit ${f.limit} offset ${f.offset}
        ), shown as (
          select a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at, page.tier
          from page join articles a on a.id = page.id
        )
        select s.*, c.n, c.matched
        from (select (select count(*) from ranked) as n, (select matched from matched) as matched) c
        left join shown s on true
        order by ${orderBy('s.')}`.execute(db);
    const counts = rows[0]!;
    const matched = Number(counts.matched);
    const hits = rows.filter((r) => r.id != null).map(({ n: _n, matched: _m, tier: _t, ...hit }) => hit as SearchHit);
    return { total: Number(counts.n), capped: matched > window, hits };
  },
};
