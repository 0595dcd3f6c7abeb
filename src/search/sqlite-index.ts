/**
 * Search on SQLite: an FTS5 table over our own ASCII terms (see
 * vi/search-text.ts), because FTS5's remove_diacritics leaves quyết and hội
 * unfolded, never folds đ, and better-sqlite3 cannot register a tokenizer.
 * Contentless: snippets are built from the articles table, so the text is
 * not stored twice.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { forEachInteger, splitIntegers } from './integer-list.js';
import { publishedTimes, sqliteTimes } from './published-times.js';
import type { ParsedQuery, QueryGroup } from './query.js';
import { wantsAdjacency } from './query.js';
import {
  forgetVocabulary,
  indexedTitle,
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

/** Prefixes up to this long are in FTS5's own prefix index (`prefix = '2 3'`). */
const INDEXED_PREFIX = 3;
/** A longer prefix that stands for more whole terms than this is left to FTS5's own (slow) prefix query. */
const MAX_EXPANSION = 32;

/**
 * The last term of a prefix query, spelled out. FTS5 answers a prefix longer
 * than its prefix index by merging every doclist of every term with that
 * prefix before it can return the first row ("nghi*"); an OR of the few
 * whole terms it stands for ("nghi", "nghia", "nghiep", …) is read lazily,
 * newest first.
 */
export type PrefixTerms = readonly string[] | null;

/**
 * A one-letter prefix spelled out as the letter itself and every two-character prefix it begins,
 * each in FTS5's prefix index: FTS5 would otherwise merge the doclist of every term starting with
 * that letter (most of the index) before the earlier words could narrow anything. An item ending
 * in '*' is a prefix.
 */
const SECOND_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function letterExpansion(letter: string): string[] {
  return [letter, ...[...SECOND_CHARS].map((c) => `${letter}${c}*`)];
}

function phrase(terms: readonly string[], prefix: boolean, expansion: PrefixTerms): string {
  if (!prefix) return `"${terms.join(' ')}"`;
  if (!expansion) return `"${terms.join(' ')}"*`;
  const head = terms.slice(0, -1);
  const item = (t: string) =>
    t.endsWith('*') ? `"${[...head, t.slice(0, -1)].join(' ')}"*` : `"${[...head, t].join(' ')}"`;
  return `(${expansion.map(item).join(' OR ')})`;
}

function groupsExpr(groups: readonly QueryGroup[], prefix: boolean, expansion: PrefixTerms): string {
  return groups.map((g, i) => phrase(g.terms, prefix && i === groups.length - 1, expansion)).join(' AND ');
}

/**
 * FTS5 MATCH strings; every term is [a-z0-9] and quoted, so reader text is never syntax.
 *
 * The boosts (exact, adjacent, whole) are only ever asked of main's matches (see boostScores), so
 * they may leave out what main already guarantees: `lastWhole` is the last group as whole words
 * alone, because every candidate already holds the other groups, and `exact` the marks alone, to
 * AND with main or with `numbers`, main's groups with a digit (document numbers, rarer than any
 * word). Left out, the rest costs less to read but lets more non-candidates through:
 * boostScores chooses by how thinly the candidates are spread.
 */
export function sqliteMatches(q: ParsedQuery, expansion: PrefixTerms = null) {
  // Without a column filter unless a term could be read as a mark key: FTS5 then skips the
  // positions it would otherwise decode to learn each match's column.
  const markLike = q.words.some(couldBeMarkKey) || (expansion?.some(couldBeMarkKey) ?? false);
  const text = (expr: string) => (markLike ? `{title body} : (${expr})` : `(${expr})`);
  const lastGroup = q.groups[q.groups.length - 1]!.terms;
  const isLast = (g: QueryGroup) => g === q.groups[q.groups.length - 1];
  const numbers = q.groups.filter((g) => g.terms.some((t) => /\d/.test(t)));
  // A prefix that stands for its own whole word alone ("suat" → suat) matches what the whole word
  // matches: the boost would raise every candidate alike, so it is not asked.
  const onlyItself = expansion?.length === 1 && expansion[0] === q.words[q.words.length - 1];
  return {
    main: text(groupsExpr(q.groups, q.prefix, expansion)),
    /** Main over search_titles, which holds only headlines. */
    headline: groupsExpr(q.groups, q.prefix, expansion),
    numbers: numbers.length
      ? text(numbers.map((g) => phrase(g.terms, q.prefix && isLast(g), expansion)).join(' AND '))
      : null,
    lastHasNumber: numbers.some(isLast),
    exact: q.markKeys.length ? `marks : (${q.markKeys.map((k) => `"${k}"`).join(' AND ')})` : null,
    adjacent: wantsAdjacency(q) ? text(phrase(q.words, q.prefix, expansion)) : null,
    whole: q.prefix && !onlyItself ? text(groupsExpr(q.groups, false, null)) : null,
    lastWhole: q.prefix && !onlyItself ? text(phrase(lastGroup, false, null)) : null,
  };
}

/**
 * Whether a query term could match a token of the marks column. A mark key is a folded syllable,
 * '0', then its marks (vi/search-text.ts), so a term without a 0 after a letter never equals one;
 * as a prefix it can only begin one whose syllable the headline or body hold too, so dropping the
 * column filter then finds the same articles. A phrase needs all its terms in one column.
 */
export function couldBeMarkKey(term: string): boolean {
  return /[a-z][a-z0-9]*0/.test(term);
}

/** The whole indexed terms a long prefix stands for, or null to let FTS5 expand it itself. */
async function expandPrefix(db: Db, q: ParsedQuery): Promise<PrefixTerms> {
  const last = q.words[q.words.length - 1]!;
  if (q.prefix && last.length === 1) return letterExpansion(last);
  if (!q.prefix || last.length <= INDEXED_PREFIX) return null;
  // Terms are [a-z0-9], so every term with this prefix sorts before prefix + '{'.
  const r = await sql<{ term: string }>`select term from search_terms
    where term >= ${last} and term < ${`${last}{`} order by term limit ${MAX_EXPANSION + 1}`.execute(db);
  return r.rows.length > MAX_EXPANSION ? null : r.rows.map((t) => t.term);
}

/** Adds the terms worth listing in search_terms: only they can complete a prefix longer than the prefix index. */
function termsToList(doc: IndexedDocument, terms: Set<string>): void {
  for (const text of [doc.title.folded, doc.body.folded]) {
    for (const t of text.split(' ')) if (t.length > INDEXED_PREFIX) terms.add(t);
  }
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

  async createSpeedups(db: Kysely<unknown>) {
    // Every whole term longer than the prefix index, so a long prefix can be spelled out (see PrefixTerms).
    // Filled from the index itself, so an upgraded site needs no reindex.
    await sql`create table search_terms (term text primary key) without rowid`.execute(db);
    await sql`create virtual table temp.search_vocab using fts5vocab(main, search_fts, col)`.execute(db);
    await sql`insert or ignore into search_terms (term)
      select term from temp.search_vocab where col in ('title', 'body') and length(term) > ${INDEXED_PREFIX}`.execute(
      db,
    );
    await sql`drop table temp.search_vocab`.execute(db);
    // Status, time and category of a window of candidates without reading their rows:
    // thousands of article rows are many pages to read, their entries in this index a few.
    await sql`create index articles_search_candidates
      on articles (id, status, published_at, category_id, root_category_id)`.execute(db);
  },

  async createTitleIndex(db: Kysely<unknown>) {
    // The headline boost asked search_fts for main's terms in the title column, and FTS5 decoded
    // every position of every term in the window to find the few in titles; the same question of
    // the headlines alone is a fraction of that.
    await sql`create virtual table search_titles using fts5(
      title,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0',
      prefix = '2 3'
    )`.execute(db);
    // Exactly the articles in the index, their headlines folded as upsert folds them.
    const { rows } = await sql<{ id: number; title: string }>`select id, title from articles
      where id in (select rowid from search_fts) order by id`.execute(db);
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000).map((a) => [a.id, indexedTitle(a.title).folded]);
      await sql`insert into search_titles (rowid, title)
        select value ->> 0, value ->> 1 from json_each(${JSON.stringify(batch)})`.execute(db);
    }
    if (rows.length) await sql`insert into search_titles (search_titles) values ('optimize')`.execute(db);
  },

  async createLeadIndex() {
    // Nothing: FTS5 answers the boosts over the window's rowid range from its own doclists.
  },

  async replaceLookups() {
    // Nothing: SQLite's search is all in search() itself.
  },

  async mergeVectorIndexes() {
    // Nothing: FTS5 keeps one index of its columns.
  },

  async createFilteredLookups() {
    // Nothing: FTS5 reads matches newest first and the filters are checked as it goes.
  },

  async addPhrasePairs() {
    // Nothing: FTS5 keeps each term's positions in its index and tests a phrase there.
  },

  async addPhraseVectors() {
    // Nothing: FTS5 reads a phrase's positions from its own doclists.
  },

  async createWindowIndex() {
    // Nothing: articles_search_candidates came with the speedups (createSpeedups).
  },

  async addPrefixesAndBlocks() {
    // Nothing: FTS5 keeps its doclists in rowid order and has its own prefix index.
  },

  upsert(db: Db, doc: IndexedDocument) {
    return sqliteSearchIndex.upsertMany(db, [doc]);
  },

  async upsertMany(db: Db, docs: readonly IndexedDocument[], fresh?: ReadonlySet<number>) {
    if (!docs.length) return;
    // One statement per table for the whole batch: per article, the statements cost more than FTS5's own work.
    const indexed = docs.filter((d) => !fresh?.has(d.articleId)).map((d) => d.articleId);
    if (indexed.length) await sqliteSearchIndex.removeMany(db, indexed);
    await sql`insert into search_fts (rowid, title, body, marks)
      select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(${JSON.stringify(
        docs.map((d) => [d.articleId, d.title.folded, d.body.folded, `${d.title.marks} ${d.body.marks}`]),
      )})`.execute(db);
    await sql`insert into search_titles (rowid, title)
      select value ->> 0, value ->> 1 from json_each(${JSON.stringify(docs.map((d) => [d.articleId, d.title.folded]))})`.execute(
      db,
    );
    // Terms are only ever added: a term no article has any more just expands to nothing.
    const terms = new Set<string>();
    for (const d of docs) termsToList(d, terms);
    await sql`insert or ignore into search_terms (term) select value from json_each(${JSON.stringify([...terms])})`.execute(
      db,
    );
    const vocabulary = unwrittenVocabulary(db, docs);
    if (vocabulary.length)
      await sql`insert or ignore into search_vocabulary (form, folded)
        select value ->> 0, value ->> 1 from json_each(${JSON.stringify(vocabulary.map((v) => [v.form, v.folded]))})`.execute(
        db,
      );
  },

  prepare(docs: readonly IndexedDocument[]): IndexWrite {
    // Nothing to make ahead: SQLite writes in this process, so nothing could be done meanwhile.
    return { write: (db, fresh) => sqliteSearchIndex.upsertMany(db, docs, fresh) };
  },

  remove(db: Db, articleId: number) {
    return sqliteSearchIndex.removeMany(db, [articleId]);
  },

  async removeMany(db: Db, articleIds: readonly number[]) {
    if (!articleIds.length) return;
    const ids = JSON.stringify(articleIds);
    await sql`delete from search_fts where rowid in (select value from json_each(${ids}))`.execute(db);
    await sql`delete from search_titles where rowid in (select value from json_each(${ids}))`.execute(db);
  },

  async clear(db: Db) {
    await sql`delete from search_fts`.execute(db);
    await sql`delete from search_titles`.execute(db);
    await sql`delete from search_terms`.execute(db);
    await sql`delete from search_vocabulary`.execute(db);
    forgetVocabulary(db);
  },

  async optimize(db: Db) {
    // Merges the index segments a bulk load leaves behind, which broad queries otherwise all read.
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
    await sql`insert into search_titles (search_titles) values ('optimize')`.execute(db);
  },

  async countTerm(db: Db, term: { folded: string } | { markKey: string }, cap: number) {
    const match = 'folded' in term ? `{title body} : "${term.folded}"` : `marks : "${term.markKey}"`;
    const r = await sql<{ n: number }>`select count(*) as n from (
      select 1 from search_fts where search_fts match ${match} limit ${cap})`.execute(db);
    return Number(r.rows[0]?.n ?? 0);
  },

  async search(db: Db, q: ParsedQuery, f: SearchFilters): Promise<SearchPage> {
    const expansion = await expandPrefix(db, q);
    if (expansion?.length === 0) return { total: 0, capped: false, hits: [] };
    const m = sqliteMatches(q, expansion);
    const window = f.window ?? WINDOW;
    // Newest first straight off the index: FTS5 stops after `window + 1` rowids, however common the words.
    // Put in time order, and those not published by now left out (negative ids).
    const matched = isFiltered(f)
      ? await filteredWindow(db, m.main, f, window)
      : await timeOrdered(db, splitIntegers(await idString(db, newestMatches(m.main, window))), f, sqliteTimes);
    const w = windowOf(matched, window);
    if (!w) return { total: 0, capped: false, hits: [] };
    const ordered = f.sort === 'newest' ? w.found : byScore(w.found, await boostScores(db, m, w));

    // Full rows for the shown page alone.
    const pageIds = ordered.slice(f.offset, f.offset + f.limit);
    const rows = pageIds.length
      ? await sql<SearchHit>`select a.id, a.title, a.slug, a.sapo, a.body_html, a.category_id, a.published_at
          from ${idList(pageIds)} cross join articles a on a.id = j.value`.execute(db)
      : { rows: [] };
    return { total: ordered.length, capped: w.capped, hits: inOrderOf(pageIds, rows.rows) };
  },
};

/** The newest `window + 1` matches by rowid, the newest first. */
function newestMatches(match: string, window: number): RawBuilder<unknown> {
  return sql`select rowid as id from search_fts where search_fts match ${match} order by rowid desc limit ${window + 1}`;
}

/**
 * With a category or dates, the window is of the matches that pass them: a reader filtering to 2019
 * must find 2019's articles even when thousands of newer ones match. The matches are read newest
 * first, a batch at a time, and each is tested on the published articles' times and categories in
 * memory (published-times.ts): joined with the articles table, the lookup of each match was most of
 * such a search's work. Each next batch is as large as the share that passed so far says the rest
 * needs, a quarter more, and at most 8 times the last.
 */
async function filteredWindow(db: Db, match: string, f: SearchFilters, window: number): Promise<number[]> {
  const table = await publishedTimes(db, f.version, sqliteTimes);
  const now = Date.parse(f.now);
  const from = f.from === undefined ? -Infinity : Date.parse(f.from);
  const to = f.to === undefined ? Infinity : Date.parse(f.to);
  const category = f.categoryId;
  const kept: number[] = [];
  let read = 0;
  let below = Number.MAX_SAFE_INTEGER;
  let batch = window + 1;
  for (;;) {
    const ids = splitIntegers(
      await idString(
        db,
        sql`select rowid as id from search_fts where search_fts match ${match}
          and rowid < cast(${below} as integer) order by rowid desc limit ${batch}`,
      ),
    );
    // Published since the table was read, by a process that has not told this one yet.
    const missing = ids.filter((id) => Number.isNaN(table.of(id)));
    const unheard = missing.length ? await sqliteTimes.some(db, missing) : null;
    for (const id of ids) {
      const row = unheard?.get(id);
      const ms = row ? row.ms : table.of(id);
      if (!(ms <= now && ms >= from && ms < to)) continue;
      if (
        category !== undefined &&
        !(row ? row.category === category || row.root === category : table.inCategory(id, category))
      )
        continue;
      kept.push(id);
      if (kept.length > window) break;
    }
    if (kept.length > window || ids.length < batch) break;
    read += ids.length;
    below = ids[ids.length - 1]!;
    const needed = kept.length ? Math.ceil(((window + 1 - kept.length) * read * 1.25) / kept.length) : Infinity;
    batch = Math.min(batch * 8, Math.max(window + 1, needed));
  }
  return timeOrdered(db, kept, f, sqliteTimes);
}

/** The ids a query selects as one string: one row instead of thousands. */
async function idString(db: Db, query: RawBuilder<unknown>): Promise<string | null> {
  const r = await sql<{ ids: string | null }>`select group_concat(id, ',') as ids from (${query})`.execute(db);
  return r.rows[0]?.ids ?? null;
}

/** Ids as one JSON parameter: one SQL text (and one cached statement) whatever their number. */
function idList(ids: readonly number[]) {
  return sql`json_each(${JSON.stringify(ids)}) j`;
}

/**
 * Scores the candidates (the window: matches from its oldest to its newest
 * rowid) by which boosts they meet: exact marks 8, adjacent words 4, a
 * headline match 2, a whole last word 1; ties then go to the newer article.
 * Each boost is one MATCH limited to the window's rowid range, so its cost is
 * the window's, not the archive's. A boost may also name rowids in that range
 * that main does not match: they are not candidates, and their scores are
 * never read. The bounds are cast: better-sqlite3 binds a JS number as REAL,
 * and FTS5 then filters every match instead of seeking.
 */
async function boostScores(db: Db, m: ReturnType<typeof sqliteMatches>, window: Window): Promise<Scores> {
  const { oldest, newest } = window;
  // When the candidates are most of their range, a boost that leaves out main's other terms hands
  // over little more than them, and FTS5 reads fewer doclists. When they are spread thin, the
  // common terms left out would match much of the range: "nghị định 78" has 1,400 matches, but its
  // marks (nghị AND định) 60,000. Then a boost keeps main's rarest terms, so FTS5 steps through
  // them: its numbers when it has any, else all of main.
  const dense = newest - oldest < 3 * window.size;
  const exact = m.exact === null ? null : dense ? m.exact : `(${m.numbers ?? m.main}) AND (${m.exact})`;
  const boosts: Array<['search_fts' | 'search_titles', string | null, number]> = [
    ['search_fts', exact, 8],
    ['search_fts', m.adjacent, 4],
    ['search_titles', m.headline, 2],
    ['search_fts', dense || m.lastHasNumber ? m.lastWhole : m.whole, 1],
  ];
  const score = scoreTable(oldest, newest);
  for (const [table, match, weight] of boosts) {
    if (match === null) continue;
    const hit = await idString(
      db,
      sql`select rowid as id from ${sql.table(table)}
      where ${sql.table(table)} match ${match} and rowid >= cast(${oldest} as integer) and rowid <= cast(${newest} as integer)`,
    );
    forEachInteger(hit, (id) => score.add(id, weight));
  }
  return score;
}
