/**
 * Search on PostgreSQL: tsvectors over our own ASCII terms (see
 * vi/search-text.ts) with the 'simple' configuration, so neither the default
 * parser (which splits 22-NQ/TW into 22 + nq/tw) nor a non-immutable
 * unaccent() is involved; GIN indexes on both vectors.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { nameStatement } from '../db/prepared.js';
import { PAIR_BITS, pairSignature, phraseMask } from './postgres-pairs.js';
import { MAX_LEXEME, wordsVector } from './postgres-vector.js';
import { splitIntegers } from './integer-list.js';
import { postgresTimes } from './published-times.js';
import type { ParsedQuery, QueryGroup } from './query.js';
import { wantsAdjacency } from './query.js';
import {
  forgetVocabulary,
  isFiltered,
  unwrittenVocabulary,
  WINDOW,
  type Db,
  type IndexedDocument,
  type IndexWrite,
  type SearchFilters,
  type SearchHit,
  type SearchIndex,
  type SearchPage,
} from './search-index.js';
import { byScore, inOrderOf, scoreTable, timeOrdered, windowOf, type Scores, type Window } from './window-rank.js';

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

/**
 * The first `n` positions' words of folded text: each term is [a-z0-9], one word to the 'simple'
 * configuration, so the first n words it keeps are its first n positions.
 */
function firstWords(folded: string, n: number): { text: string; kept: number } {
  const words: string[] = [];
  let kept = 0;
  for (let at = 0; kept < n && at < folded.length;) {
    let end = folded.indexOf(' ', at);
    if (end < 0) end = folded.length;
    if (end > at) {
      words.push(folded.slice(at, end));
      if (end - at <= MAX_LEXEME) kept++;
    }
    at = end + 1;
  }
  return { text: words.join(' '), kept };
}

/** The words vector PostgreSQL parses itself, for a text wordsVector could not write. */
function parsedWords(title: RawBuilder<unknown>, body: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('simple', ${title}), 'A') || setweight(to_tsvector('simple', ${body}), 'D')`;
}

/**
 * The words of a document's lead (leadOf): the headline's, then the body's, as many as the lead's
 * positions hold, so that their vectors joined are the lead without filtering any position out.
 */
function leadParts(doc: IndexedDocument): { title: string; body: string } {
  const title = firstWords(doc.title.folded, LEAD_POSITIONS);
  return { title: title.text, body: firstWords(doc.body.folded, LEAD_POSITIONS - title.kept).text };
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

/**
 * Prefixes up to this long are lexemes of their own (`__t`, `__th`): GIN answers `t:*` by gathering
 * every word that starts with t, a third of the index at 100,000 articles, before it can skip.
 */
const SHORT_PREFIX = 2;
const prefixOf = (start: string) => `__${start}`;

/** The short prefixes of a headline's and body's words (SHORT_PREFIX), as lexemes. */
export function wordPrefixes(title: string, body: string): string[] {
  const prefixes = new Set<string>();
  for (const text of [title, body])
    for (const word of text.split(' '))
      if (word && word.length <= MAX_LEXEME)
        for (let n = 1; n <= Math.min(SHORT_PREFIX, word.length); n++) prefixes.add(prefixOf(word.slice(0, n)));
  return [...prefixes];
}

/**
 * A query of the body vector, in two parts that are ANDed: `words` for to_tsquery, which splits
 * them as to_tsvector split the text, and `lexemes`, made in TypeScript (wordPrefixes), given to
 * PostgreSQL as they are. Either may be empty.
 */
export interface DocQuery {
  words: string;
  lexemes: string;
}

/** The query of the body vector: its words, but a short last prefix as its own lexeme. */
function docQuery(groups: readonly QueryGroup[], prefix: boolean): DocQuery {
  const last = groups[groups.length - 1]!.terms;
  if (prefix && last.length === 1 && last[0]!.length <= SHORT_PREFIX)
    return { words: groupsExpr(groups.slice(0, -1), false), lexemes: prefixOf(last[0]!) };
  return { words: groupsExpr(groups, prefix), lexemes: '' };
}

/** Every word of the query ANDed, its phrases loosened. */
function everyWord(q: ParsedQuery, prefix: boolean): DocQuery {
  return docQuery(
    q.words.map((w) => ({ terms: [w] })),
    prefix,
  );
}

/**
 * The query's phrases alone, ANDed, or null without any: asked of a match's phrase vector once GIN
 * has found it holds every word (`loose`), which is all the rest of the query asks.
 */
function phrasesOf(q: ParsedQuery): string | null {
  const phrases = q.groups.filter((g) => g.terms.length > 1);
  return phrases.length ? groupsExpr(phrases, q.prefix && phrases.at(-1) === q.groups.at(-1)) : null;
}

/** tsquery strings; every term is [a-z0-9], so reader text is never syntax. */
export function postgresQueries(q: ParsedQuery) {
  return {
    /** The query with its phrases loosened to their words, on the body vector: GIN answers it without reading a vector. */
    loose: everyWord(q, q.prefix),
    /** On the phrase vectors (search_phrases): only positions can tell. */
    phrases: phrasesOf(q),
    /** The signature bits every match of the phrases has (postgres-pairs.ts), or null. */
    pairs: phraseMask(q.groups, q.prefix),
    /** The query in headline terms (weight A) of the lead. */
    headline: groupsExpr(q.groups, q.prefix, 'A'),
    exact: q.markKeys.length ? q.markKeys.join(' & ') : null,
    /**
     * What an exact match holds besides its marks: loose, but a last word with marks whole, since
     * GIN reads every word of a prefix ("pha:*" is most articles).
     */
    words: everyWord(q, q.prefix && !q.lastMarked),
    adjacent: wantsAdjacency(q) ? phrase(q.words, q.prefix) : null,
    /**
     * Whether the last word is whole, asked as loose words: a match already holds main's phrases, and
     * a phrase asked of GIN is checked on the vector of every article in the window's range that
     * holds its words (10 ms for the 58 matches of "4-NQ/TW", spread over the whole table).
     */
    whole: q.prefix ? everyWord(q, false) : null,
  };
}

/**
 * Each article's vectors also hold the blocks of article ids it falls in, 2^10, 2^13, 2^16 and 2^19
 * ids wide (`_a97` is ids 99,328-100,351), so that GIN answers "the matches among these ids" by
 * reading the blocks' entries and skipping through the words', instead of collecting every match of a
 * common word and sorting them (GIN keeps no order). search_blocks() covers a range with them.
 */
const BLOCK_LEVELS = [
  { name: '_a', bits: 10 },
  { name: '_b', bits: 13 },
  { name: '_c', bits: 16 },
  { name: '_d', bits: 19 },
];

/** The block lexemes of an article id. */
export function idBlocks(id: number): string[] {
  return BLOCK_LEVELS.map((l) => `${l.name}${Math.floor(id / 2 ** l.bits)}`);
}

type Queries = ReturnType<typeof postgresQueries>;

/** The ranges of newest ids a word's frequency is counted among before all of them (countTerm). */
const COUNTED_SPANS = [2 ** 10, 2 ** 13, 2 ** 16];

/** A body vector query (DocQuery), or a lead or marks query (to_tsquery text). */
function tsquery(query: DocQuery | string): RawBuilder<unknown> {
  if (typeof query === 'string') return sql`to_tsquery('simple', ${query})`;
  const { words, lexemes } = query;
  if (!lexemes) return sql`to_tsquery('simple', ${words})`;
  if (!words) return sql`${lexemes}::tsquery`;
  return sql`(to_tsquery('simple', ${words}) && ${lexemes}::tsquery)`;
}

/**
 * A tsquery made once per statement: to_tsquery is only stable, so a test of each row of the window
 * made it again for every row (4,000 times for the two lead boosts).
 */
function once(query: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`(select ${query})`;
}

/**
 * Whether a row `s` of search_documents holds `phrases` (null: q had none), its signature tested
 * before its phrase vector is read (postgres-pairs.ts). `mask` is null for a phrase without a pair of
 * whole words, and a row's `pairs` for one written before migration 064 or too long to sign.
 */
const HOLDS_PHRASES = `(phrases is null or case when mask is null or s.pairs is null or (s.pairs & mask) = mask
  then (select p.words @@ phrases from search_phrases p where p.article_id = s.article_id) else false end)`;

/**
 * search_newest and its filtered twin: the newest n matches of q that `matches` keeps, range by range
 * as LOOKUP_FUNCTIONS.newest says, from `hi` down to `bottom` (which `bounds` may narrow first). q has
 * its phrases loosened to their words, which GIN answers without reading a vector; `phrases` is then
 * tested on the phrase vectors of the rows it finds.
 */
function newestFunction(signature: string, matches: (where: string) => string, bounds = ''): RawBuilder<unknown> {
  return sql.raw(`create function ${signature} returns integer[]
    language plpgsql stable set enable_seqscan = off as $$
    declare
      hi integer := (select max(article_id) from search_documents);
      bottom integer := 0;
      top integer;
      span bigint := 4096;
      lo integer;
      ranged tsquery;
      ids integer[] := '{}';
      part integer[];
    begin
      ${bounds}
      while hi is not null and hi - span > bottom loop
        lo := greatest(bottom, (hi - span + 1) >> 10 << 10);
        ranged := q && search_blocks(lo, hi);
        part := ${matches('s.doc @@ ranged and s.article_id + 0 between lo and hi')};
        ids := ids || part;
        if cardinality(ids) >= n then return ids; end if;
        hi := lo - 1;
        span := case when cardinality(part) = 0 then span * 8
          else least(span * 8, greatest(1024, ceil((n - cardinality(ids)) * span * 1.25 / cardinality(part))::bigint)) end;
      end loop;
      return ids || ${matches('s.doc @@ q and s.article_id + 0 between bottom and hi')};
    end $$`);
}

/**
 * Functions the search calls for its GIN lookups (createLookups: made by migration 050 and again by
 * each migration that changes them). Each is planned without sequential scans, so every test of a
 * body or marks vector (`@@`) goes through its GIN index, which answers a query without reading a
 * vector (but for a phrase, among the articles holding its words). The planner counts a vector test
 * as cheap, but these vectors are toasted, and reading them back is what made search slow: it chose
 * a sequential scan, or a walk of the primary key testing each row, whenever it guessed that more
 * than a few percent of the articles match (26,000 vectors read for "nghị định 4" at 100,000
 * articles). Ordered and bounded by `article_id + 0`, which the primary key cannot serve, so GIN is
 * the only way left. Made anew each time: a restore drops the tables of later migrations, not the
 * functions, then runs them again.
 */
const LOOKUP_FUNCTIONS = {
  // The id blocks (idBlocks) that cover lo..hi, the widest first: a tsquery of at most 14 per level.
  blocks: sql`create or replace function search_blocks(lo integer, hi integer) returns tsquery
    language plpgsql immutable as $$
    declare
      a integer := lo >> 10;
      z integer := hi >> 10;
      parts text[] := '{}';
    begin
      while a <= z loop
        if a % 512 = 0 and a + 511 <= z then parts := parts || ('_d' || (a >> 9)); a := a + 512;
        elsif a % 64 = 0 and a + 63 <= z then parts := parts || ('_c' || (a >> 6)); a := a + 64;
        elsif a % 8 = 0 and a + 7 <= z then parts := parts || ('_b' || (a >> 3)); a := a + 8;
        else parts := parts || ('_a' || a); a := a + 1;
        end if;
      end loop;
      return array_to_string(parts, ' | ')::tsquery;
    end $$`,
  // The newest n matches: of the newest 4,096 ids first, then of the ids below, as many as the
  // matches found so far say will hold the rest (a quarter more), or 8 times as many when none were
  // found; each a GIN lookup joined with the blocks of its range. A range starts on a block's first
  // id, so its blocks hold no id of another range: a phrase's matches there were each checked on
  // their vector before the range left them out (a fifth of a range's checks for "việc làm"). What
  // is left, once a range would reach the bottom, is asked without blocks. Every match in a range is
  // read before the newest are kept, and a phrase's are each checked on their vector: a range 8
  // times too wide cost "cơ chế" 29,388 checks for the 518 matches it still needed. A common word's
  // newest matches cost about the window, not every match; a rare word's cost a few lookups that
  // find little.
  newest: newestFunction(
    `search_newest(q tsquery, phrases tsquery, mask bit(${PAIR_BITS}), n integer)`,
    (where) => `array(select s.article_id from search_documents s where ${where} and ${HOLDS_PHRASES}
      order by s.article_id + 0 desc limit n - cardinality(ids))`,
  ),
  // The same among the articles that pass a category and dates (either may be null), as the window of
  // a filtered search is. One lookup of all the matches joined with the articles read the body vector
  // of articles of every category ("cơ chế" in one category: 21,595 vectors, 128 ms).
  // GIN is asked for q with its phrases loosened to their words, which needs no vector read, and
  // `phrases` (null without any) is tested on the vectors of the articles the filters leave: a phrase's
  // candidates in another category are never read. Dates first bound the ids, from the index on them.
  newestFiltered: newestFunction(
    `search_newest_filtered(q tsquery, phrases tsquery, mask bit(${PAIR_BITS}), n integer, now timestamptz,
      category integer, since timestamptz, until timestamptz)`,
    (where) => `array(select article_id from (
        select s.article_id, s.pairs from search_documents s join articles a on a.id = s.article_id
        where ${where} and a.status = 'published' and a.published_at <= now
          and (category is null or a.category_id = category or a.root_category_id = category)
          and (since is null or a.published_at >= since) and (until is null or a.published_at < until)
        offset 0) s
      where ${HOLDS_PHRASES} order by article_id + 0 desc limit n - cardinality(ids))`,
    `if since is not null or until is not null then
        select min(d.id), max(d.id) into bottom, top from (select a.id from articles a
          where a.status = 'published' and a.published_at >= coalesce(since, '-infinity')
            and a.published_at < least(coalesce(until, 'infinity'), now + interval '1 microsecond') offset 0) d;
        if top is null then return ids; end if;
        hi := least(hi, top);
      end if;`,
  ),
  docBetween: sql`create function search_doc_between(q tsquery, lo integer, hi integer) returns integer[]
    language sql stable set enable_seqscan = off
    as $$ select array(select article_id from search_documents
      where doc @@ (q && search_blocks(lo, hi)) and article_id + 0 between lo and hi) $$`,
  // The matches of q among lo..hi that hold the marks m: one scan of the index on both vectors, which
  // steps through the marks' entries only where the words' match ("nghị định 92": 1,949 of the 58,918
  // articles marked nghị định in the range).
  exactBetween: sql`create function search_exact_between(q tsquery, m tsquery, lo integer, hi integer)
    returns integer[] language sql stable set enable_seqscan = off
    as $$ select array(select article_id from search_documents
      where doc @@ (q && search_blocks(lo, hi)) and marks @@ m and article_id + 0 between lo and hi) $$`,
};

async function createLookups(db: Kysely<unknown>): Promise<void> {
  // Dropped first: before migration 061 they returned sets, and a function's result type cannot be
  // replaced. search_marks_between went in 061 (search_exact_between).
  for (const f of [
    'search_newest(tsquery, integer)',
    'search_newest_filtered(tsquery, tsquery, integer, timestamptz, integer, timestamptz, timestamptz)',
    'search_newest(tsquery, tsquery, bit, integer)',
    'search_newest_filtered(tsquery, tsquery, bit, integer, timestamptz, integer, timestamptz, timestamptz)',
    'search_doc_between(tsquery, integer, integer)',
    'search_exact_between(tsquery, tsquery, integer, integer)',
    'search_marks_between(tsquery, integer, integer)',
  ])
    await sql`drop function if exists ${sql.raw(f)}`.execute(db);
  for (const create of Object.values(LOOKUP_FUNCTIONS)) await create.execute(db);
}

/**
 * One GIN index over both vectors, so that a lookup of words and marks together reads them as one
 * intersection; a query of either vector alone uses it as it would an index of its own.
 */
async function createVectorIndex(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists search_documents_vectors on search_documents using gin (doc, marks)`.execute(db);
}

/** The index above, and the two it replaced (migration 061). */
async function dropVectorIndexes(db: Kysely<unknown>): Promise<void> {
  for (const name of ['search_documents_vectors', 'search_documents_doc', 'search_documents_marks'])
    await sql`drop index if exists ${sql.raw(name)}`.execute(db);
}

/**
 * The newest `window + 1` matches, by id, from GIN (search_newest). With a category or dates, the
 * window is of the matches that pass them, as on SQLite.
 */
async function windowIds(db: Db, t: Queries, f: SearchFilters, window: number): Promise<number[]> {
  const phrases = sql`${t.phrases === null ? sql`null` : tsquery(t.phrases)}, ${t.pairs}::bit(${sql.lit(PAIR_BITS)})`;
  const ids = isFiltered(f)
    ? sql`search_newest_filtered(${tsquery(t.loose)}, ${phrases}, ${window + 1}, ${f.now}::timestamptz,
      ${f.categoryId ?? null}::integer, ${f.from ?? null}::timestamptz, ${f.to ?? null}::timestamptz)`
    : sql`search_newest(${tsquery(t.loose)}, ${phrases}, ${window + 1})`;
  return idArray(db, ids);
}

/**
 * A query's rows, run as a named statement: each connection parses and plans it once per shape of
 * query (0.6 of the 10 ms of "kinh tế" went to that).
 */
async function namedRows<Row>(db: Db, query: RawBuilder<Row>): Promise<Row[]> {
  const statement = query.compile(db);
  nameStatement(statement.sql);
  return (await db.executeQuery(statement)).rows;
}

/**
 * Ids to and from PostgreSQL as comma-separated text, read digit by digit (integer-list.ts): the
 * driver's parser of an integer[] and its quoting of each element of one it sends took about 3.5 ms
 * of a search's 2,001-id window and its leads.
 */
const idText = (ids: readonly number[]) => sql`string_to_array(${ids.join(',')}, ',')::int[]`;

/** An integer[] expression's ids. */
async function idArray(db: Db, ids: RawBuilder<unknown>): Promise<number[]> {
  const rows = await namedRows(db, sql<{ ids: string | null }>`select array_to_string(${ids}, ',') as ids`);
  return splitIntegers(rows[0]?.ids ?? null);
}

/**
 * The window's scores, as on SQLite: exact marks 8, adjacent words 4, a headline match 2, a whole last
 * word 1. Whole words and exact marks are asked of GIN over the window's id range, the query's rarest
 * word leading; exact marks together with the query's words, so that a common mark spread over the
 * range costs only the steps to the window's articles ("nghị định 92": 58,918 articles in the range are
 * marked nghị định, 1,949 of them hold 92). Adjacency and the headline are tested on the window's
 * leads, vectors of a few hundred bytes. The three lookups are independent, so each takes a connection
 * of its own and they run at once.
 */
async function boostScores(db: Db, t: Queries, w: Window): Promise<Scores> {
  const score = scoreTable(w.oldest, w.newest);
  const add = (weight: number) => (ids: readonly number[]) => {
    for (const id of ids) score.add(id, weight);
  };
  const lookups: Array<Promise<void>> = [];
  if (t.exact !== null)
    lookups.push(
      idArray(db, sql`search_exact_between(${tsquery(t.words)}, ${tsquery(t.exact)}, ${w.oldest}, ${w.newest})`).then(
        add(8),
      ),
    );
  if (t.whole !== null)
    lookups.push(idArray(db, sql`search_doc_between(${tsquery(t.whole)}, ${w.oldest}, ${w.newest})`).then(add(1)));
  lookups.push(leadBoosts(db, t, w.found).then(({ adjacent, headline }) => (add(4)(adjacent), add(2)(headline))));
  await Promise.all(lookups);
  return score;
}

/** Which of these ids' leads hold the query's words side by side, and its terms in the headline. */
async function leadBoosts(db: Db, t: Queries, ids: readonly number[]) {
  const holding = (query: string | null) =>
    query === null ? sql`null` : sql`string_agg(article_id::text, ',') filter (where lead @@ ${once(tsquery(query))})`;
  const rows = await namedRows(
    db,
    sql<{ adjacent: string | null; headline: string | null }>`select ${holding(t.adjacent)} as adjacent,
      ${holding(t.headline)} as headline
    from search_leads where article_id = any(${idText(ids)})`,
  );
  return { adjacent: splitIntegers(rows[0]!.adjacent), headline: splitIntegers(rows[0]!.headline) };
}

/** The page's articles, in the order of `ids`. */
async function pageRows(db: Db, ids: readonly number[]): Promise<SearchHit[]> {
  if (!ids.length) return [];
  const rows = await namedRows(
    db,
    sql<SearchHit>`select id, title, slug, sapo, body_html, category_id, published_at
      from articles where id = any(${[...ids]}::int[])`,
  );
  return inOrderOf(ids, rows);
}

export const postgresSearchIndex: SearchIndex = {
  async createSchema(db: Kysely<unknown>) {
    await db.schema
      .createTable('search_documents')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('doc', sql`tsvector`, (c) => c.notNull())
      .addColumn('marks', sql`tsvector`, (c) => c.notNull())
      .execute();
    await createVectorIndex(db);
  },

  async createSpeedups() {
    // Nothing yet: GIN reads prefix matches directly, and the candidates are joined in the same query.
  },

  async createTitleIndex() {
    // Nothing: the headline boost reads the lead (createLeadIndex).
  },

  async createLeadIndex(db: Kysely<unknown>) {
    await createLookups(db);
    await sql`create table search_leads (
      article_id integer primary key references search_documents (article_id) on delete cascade,
      lead tsvector not null
    )`.execute(db);
    await sql`insert into search_leads (article_id, lead)
      select article_id, ${leadOf(sql`doc`)} from search_documents`.execute(db);
    await sql`analyze search_leads`.execute(db);
  },

  replaceLookups: createLookups,

  async addPhrasePairs(db: Kysely<unknown>) {
    // Null until the article is indexed again: its phrases are then tested on its vector, as before.
    await sql`alter table search_documents add column if not exists pairs bit(${sql.lit(PAIR_BITS)})`.execute(db);
    await createLookups(db);
  },

  async addPhraseVectors(db: Kysely<unknown>) {
    // A phrase's candidates were each tested on their body vector, which is toasted: two chunks of
    // 2 kB read through the toast table's index, five or six buffers a vector (8,356 for 1,489 of the
    // newest 2,001 ids), most of a common phrase's window. Here each vector keeps the words and their
    // positions alone (about 3 kB; ts_filter leaves out the prefixes and id blocks, which have no
    // position) in its own row, uncompressed (it hardly compresses), half a page each (869 buffers
    // for 2,001). Not in search_documents: rows that wide made every GIN lookup visit more pages.
    await sql`create table search_phrases (
      article_id integer primary key references search_documents (article_id) on delete cascade,
      words tsvector not null
    ) with (toast_tuple_target = 8160)`.execute(db);
    await sql`alter table search_phrases alter column words set storage main`.execute(db);
    await sql`insert into search_phrases (article_id, words)
      select article_id, ts_filter(doc, '{a,d}') from search_documents`.execute(db);
    await sql`analyze search_phrases`.execute(db);
    await createLookups(db);
  },

  async mergeVectorIndexes(db: Kysely<unknown>) {
    await dropVectorIndexes(db);
    await createVectorIndex(db);
    await createLookups(db);
    await sql`analyze search_documents`.execute(db);
  },

  async createFilteredLookups(db: Kysely<unknown>) {
    // The ids of the articles published between two dates, read from the index alone: a search
    // filtered by dates starts from them (search_newest_filtered).
    await sql`create index if not exists articles_published_ids
      on articles (published_at) include (id) where status = 'published'`.execute(db);
    await createLookups(db);
    await sql`analyze articles`.execute(db);
  },

  async createWindowIndex(db: Kysely<unknown>) {
    // Each of a window's 2,000 articles is checked for its status and time (and, filtered, category):
    // from the rows themselves, that was a page of the articles table for each, read from disk when
    // the window is spread over years. As on SQLite (createSpeedups); an index-only scan once vacuumed.
    await sql`create index if not exists articles_search_candidates
      on articles (id) include (status, published_at, category_id, root_category_id)`.execute(db);
    await sql`analyze articles`.execute(db);
  },

  async addPrefixesAndBlocks(db: Kysely<unknown>) {
    await createLookups(db);
    // Rebuilt rather than updated entry by entry: a GIN index takes every row's new lexemes at once.
    await dropVectorIndexes(db);
    // Prefixes from the words the vectors hold (indexing makes them from the text: wordPrefixes).
    const blocks = sql`array_to_tsvector(array[${sql.join(
      BLOCK_LEVELS.map((l) => sql`${l.name} || (s.article_id >> ${sql.lit(l.bits)})`),
    )}])`;
    await sql`update search_documents s set
      doc = s.doc || ${blocks}
        || coalesce((select array_to_tsvector(array_agg(distinct '__' || left(u.lexeme, n)))
          from unnest(s.doc) u, generate_series(1, least(${sql.lit(SHORT_PREFIX)}, length(u.lexeme))) n), ''::tsvector),
      marks = strip(s.marks) || ${blocks}`.execute(db);
    await createVectorIndex(db);
    await sql`analyze search_documents`.execute(db);
  },

  upsert(db: Db, doc: IndexedDocument) {
    return postgresSearchIndex.upsertMany(db, [doc]);
  },

  upsertMany(db: Db, docs: readonly IndexedDocument[]) {
    return postgresSearchIndex.prepare(docs).write(db);
  },

  prepare(docs: readonly IndexedDocument[]): IndexWrite {
    // One statement for the whole batch, every table in it: a round trip per article cost more than
    // building its vectors, and a rebuild's database waited for each statement's answer to reach
    // this process, busy with the next batch, before it was sent the next. Foreign keys are checked
    // at the statement's end, when the documents are written.
    // The words at their positions are written here as tsvector text (postgres-vector.ts), and
    // to_tsvector parses only a text it could not be written for (title and body are sent for those
    // alone). They go into the phrase vector as they are (search_phrases). Short prefixes and id
    // blocks go into the body vector as lexemes without positions (wordPrefixes, idBlocks), one list,
    // and so do the marks, which keep none. Mark keys are [a-z0-9] words, never longer than a lexeme
    // may be (a syllable of at most 36 letters gets one: vi/search-text.ts). The lead is made from
    // its words alone (leadParts): reading each document vector back and unnesting all of it took
    // nearly a third of the index statements' time.
    if (!docs.length) return { write: async () => {} };
    const ids = docs.map((d) => d.articleId);
    const words = docs.map((d) => wordsVector(d.title.folded, d.body.folded));
    const blocks = docs.map((d) => idBlocks(d.articleId).join(' '));
    const marks = docs.map((d, i) => [d.title.marks, d.body.marks, blocks[i]].filter(Boolean).join(' '));
    const lexemes = docs.map((d, i) => `${wordPrefixes(d.title.folded, d.body.folded).join(' ')} ${blocks[i]}`);
    const pairs = docs.map((d) => pairSignature(d.title.folded, d.body.folded));
    const leads = docs.map(leadParts);
    const leadWords = leads.map((l) => wordsVector(l.title, l.body));
    const unwritten = <T>(vectors: readonly (string | null)[], texts: readonly T[], text: (t: T) => string) =>
      texts.map((t, i) => (vectors[i] === null ? text(t) : null));
    return {
      async write(db: Db) {
        const vocabulary = unwrittenVocabulary(db, docs);
        await sql`with u as (
            select id, coalesce(words::tsvector, ${parsedWords(sql`title`, sql`body`)}) as words, marks, lexemes, pairs
            from unnest(${ids}::int[], ${words}::text[],
              ${unwritten(words, docs, (d) => d.title.folded)}::text[],
              ${unwritten(words, docs, (d) => d.body.folded)}::text[],
              ${marks}::text[], ${lexemes}::text[], ${pairs}::text[])
              as u(id, words, title, body, marks, lexemes, pairs)
          ), documents as (
            insert into search_documents (article_id, doc, marks, pairs)
            select id, words || array_to_tsvector(string_to_array(lexemes, ' ')),
              array_to_tsvector(string_to_array(marks, ' ')), pairs::bit(${sql.lit(PAIR_BITS)})
            from u
            on conflict (article_id) do update set doc = excluded.doc, marks = excluded.marks, pairs = excluded.pairs
          ), phrases as (
            insert into search_phrases (article_id, words)
            select id, words from u
            on conflict (article_id) do update set words = excluded.words
          ), leads as (
            insert into search_leads (article_id, lead)
            select id, coalesce(words::tsvector, ${parsedWords(sql`title`, sql`body`)})
            from unnest(${ids}::int[], ${leadWords}::text[],
              ${unwritten(leadWords, leads, (l) => l.title)}::text[],
              ${unwritten(leadWords, leads, (l) => l.body)}::text[]) as u(id, words, title, body)
            on conflict (article_id) do update set lead = excluded.lead
          )
          insert into search_vocabulary (form, folded)
          select * from unnest(${vocabulary.map((v) => v.form)}::text[], ${vocabulary.map((v) => v.folded)}::text[])
          on conflict do nothing`.execute(db);
      },
    };
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
    await sql`delete from search_phrases`.execute(db);
    await sql`delete from search_documents`.execute(db);
    await sql`delete from search_vocabulary`.execute(db);
    forgetVocabulary(db);
  },

  async optimize(db: Db) {
    // A bulk load leaves its GIN entries in the pending list, which every search then reads in full:
    // a no-hit query took 1.5 s at 20,000 articles, and the planner chose a sequential scan over it.
    await sql`select gin_clean_pending_list('search_documents_vectors'::regclass)`.execute(db);
    // A rebuild follows bulk changes (an import); the search joins articles, and plans from stale
    // counts of them took 2-5 times longer until autovacuum came round.
    await sql`analyze search_documents`.execute(db);
    await sql`analyze search_leads`.execute(db);
    await sql`analyze search_phrases`.execute(db);
    await sql`analyze articles`.execute(db);
  },

  async countTerm(db: Db, term: { folded: string } | { markKey: string }, cap: number) {
    const vector = sql.ref('folded' in term ? 's.doc' : 's.marks');
    const query = sql`to_tsquery('simple', ${'folded' in term ? term.folded : term.markKey})`;
    // Among the newest ids first, in ranges 8 times wider each (both vectors hold their blocks): GIN
    // hands over every match of a bitmap before a limit applies, so counting a common word to the cap
    // read all of its entries ("quoc": 80,000 at 100,000 articles, 4.7 ms).
    const count = async (ranged: RawBuilder<unknown>) =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from (
            select 1 from search_documents s where ${vector} @@ (${ranged}) limit ${cap}) c`.execute(db)
        ).rows[0]?.n ?? 0,
      );
    const top = sql`(select max(article_id) from search_documents)`;
    for (const span of COUNTED_SPANS) {
      const n = await count(sql`${query} && search_blocks(greatest(0, ${top} - ${span}), ${top})`);
      if (n >= cap) return n;
    }
    return count(query);
  },

  async search(db: Db, q: ParsedQuery, f: SearchFilters): Promise<SearchPage> {
    const t = postgresQueries(q);
    // As on SQLite, a query ranks among its newest `window` matches (see WINDOW), put in order here
    // (window-rank.ts): joined with the articles and sorted in SQL, each of the window's rows was
    // looked up for its status and time, and the boosts ran one after another.
    const window = f.window ?? WINDOW;
    const w = windowOf(await timeOrdered(db, await windowIds(db, t, f, window), f, postgresTimes), window);
    if (!w) return { total: 0, capped: false, hits: [] };
    const ordered = f.sort === 'newest' ? w.found : byScore(w.found, await boostScores(db, t, w));
    return {
      total: ordered.length,
      capped: w.capped,
      hits: await pageRows(db, ordered.slice(f.offset, f.offset + f.limit)),
    };
  },
};
