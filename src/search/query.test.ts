import { test } from 'node:test';
import assert from 'node:assert/strict';
import { highlight, snippetOf } from './highlight.js';
import { MAX_QUERY_CHARS, MAX_TERMS, parseSearchQuery, queryText } from './query.js';
import { idBlocks, postgresQueries, wordPrefixes } from './postgres-index.js';
import { couldBeMarkKey, sqliteMatches } from './sqlite-index.js';
import { markKey } from '../vi/search-text.js';

test('terms, phrases from quotes and from document codes, prefix on the last unquoted term', () => {
  const q = parseSearchQuery('Nghị quyết "khoa học" 22-NQ/TW quy')!;
  assert.deepEqual(
    q.groups.map((g) => g.terms),
    [['nghi'], ['quyet'], ['khoa', 'hoc'], ['22', 'nq', 'tw'], ['quy']],
  );
  assert.equal(q.prefix, true);
  assert.equal(q.markKeys.length, 3, 'nghị, quyết and học carry marks');
  assert.equal(parseSearchQuery('"khoa học"')!.prefix, false, 'a closed quote is whole words');
  assert.equal(parseSearchQuery('khoa h')!.prefix, true, 'one letter after other words is a prefix');
  assert.equal(parseSearchQuery('h')!.prefix, false, 'one letter alone is too short to expand');
  assert.equal(parseSearchQuery('khoa 4')!.prefix, false, 'one digit is a whole number');
  assert.deepEqual(
    parseSearchQuery('"khoa học')!.groups.map((g) => g.terms),
    [['khoa'], ['hoc']],
    'an unclosed quote is ignored',
  );
});

test('an exact match holds a last word typed with marks whole, so PostgreSQL asks for it whole', () => {
  assert.equal(parseSearchQuery('hải đảo đột phá')!.lastMarked, true);
  assert.equal(parseSearchQuery('nghị định 92')!.lastMarked, false, 'a number has no marks');
  assert.equal(parseSearchQuery('phá nghi')!.lastMarked, false, 'only the last word counts');
  const marked = postgresQueries(parseSearchQuery('hải đảo đột phá')!);
  assert.equal(marked.loose.words, '(hai) & (dao) & (dot) & (pha:*)', 'the matches still take it as a prefix');
  assert.equal(marked.words.words, '(hai) & (dao) & (dot) & (pha)');
  assert.equal(postgresQueries(parseSearchQuery('nghị định phat')!).words.words, '(nghi) & (dinh) & (phat:*)');
  assert.equal(
    postgresQueries(parseSearchQuery('"cơ chế" mới')!).words.words,
    '(co) & (che) & (moi)',
    'phrases loosened to their words: GIN checks no positions',
  );
});

test('nothing to search for gives null; length and term count are bounded', () => {
  for (const q of ['', '   ', '"', '***', '- ( ) :', '\u0000\u200b'])
    assert.equal(parseSearchQuery(q), null, JSON.stringify(q));
  assert.equal(parseSearchQuery('a '.repeat(5000))!.words.length, MAX_TERMS);
  assert.ok(parseSearchQuery('x'.repeat(10_000))!.words[0]!.length <= 200);
});

test('operators typed by readers are plain words in both back ends', () => {
  const q = parseSearchQuery('a or b NEAR( c* -d {title}: "e')!;
  assert.deepEqual(q.words, ['a', 'or', 'b', 'near', 'c', 'd', 'title', 'e']);
  assert.deepEqual(
    parseSearchQuery('OR a AND b NOT c OR')!.words,
    ['a', 'b', 'c'],
    'operator words in capitals are dropped, not searched for',
  );
  assert.equal(parseSearchQuery('OR AND NOT'), null, 'operators alone: nothing to search for');
  const fts = sqliteMatches(q);
  assert.equal(fts.main, '("a" AND "or" AND "b" AND "near" AND "c" AND "d" AND "title" AND "e"*)');
  assert.deepEqual(postgresQueries(q).loose, {
    words: '(a) & (or) & (b) & (near) & (c) & (d) & (title)',
    lexemes: '__e',
  });
  assert.equal(postgresQueries(parseSearchQuery('nghi quy')!).adjacent, '(nghi <-> quy:*)');
});

test('postgres: a short last prefix is a lexeme of its own, a longer one a prefix of words', () => {
  assert.deepEqual(postgresQueries(parseSearchQuery('nhân t')!).loose, { words: '(nhan)', lexemes: '__t' });
  assert.deepEqual(postgresQueries(parseSearchQuery('nhân th')!).loose, { words: '(nhan)', lexemes: '__th' });
  assert.deepEqual(postgresQueries(parseSearchQuery('du')!).loose, { words: '', lexemes: '__du' });
  assert.deepEqual(postgresQueries(parseSearchQuery('nhân thu')!).loose, { words: '(nhan) & (thu:*)', lexemes: '' });
  assert.equal(
    postgresQueries(parseSearchQuery('22-NQ/T')!).phrases,
    '(22 <-> nq <-> t:*)',
    'in a phrase the prefix stays one: the lexeme knows no position',
  );
  assert.equal(
    postgresQueries(parseSearchQuery('"cơ chế" mới "nghị định 4"')!).phrases,
    '(co <-> che) & (nghi <-> dinh <-> 4)',
    'the phrases alone: GIN has found the loose words',
  );
  assert.equal(
    postgresQueries(parseSearchQuery('"cơ chế" mớ')!).phrases,
    '(co <-> che)',
    "a prefix after the phrase is not the phrase's",
  );
  assert.equal(postgresQueries(parseSearchQuery('cơ chế mới')!).phrases, null);
  assert.deepEqual(postgresQueries(parseSearchQuery('nhân t')!).whole, { words: '(nhan) & (t)', lexemes: '' });
  assert.deepEqual(wordPrefixes('a thu', 'thu'), ['__a', '__t', '__th']);
  assert.deepEqual(wordPrefixes('', `b ${'x'.repeat(3000)}`), ['__b'], 'a word too long for a lexeme has none');
});

test('postgres: an article id falls in one block of each width', () => {
  assert.deepEqual(idBlocks(1), ['_a0', '_b0', '_c0', '_d0']);
  assert.deepEqual(idBlocks(100_000), ['_a97', '_b12', '_c1', '_d0']);
  assert.deepEqual(idBlocks(2 ** 19), ['_a512', '_b64', '_c8', '_d1']);
});

test('sqlite: boosts leave out what main already guarantees of its matches', () => {
  const q = parseSearchQuery('năng suất')!;
  assert.equal(sqliteMatches(q, ['suat']).whole, null, 'suat* is suat: the boost would raise every match alike');
  assert.equal(sqliteMatches(q, ['suat']).main, '("nang" AND ("suat"))');
  assert.equal(sqliteMatches(q, ['suat']).lastWhole, null);
  assert.equal(sqliteMatches(q, ['suat', 'suatx']).whole, '("nang" AND "suat")');
  assert.equal(
    sqliteMatches(q, ['suat', 'suatx']).lastWhole,
    '("suat")',
    'the last group alone: main holds the others',
  );
  assert.equal(sqliteMatches(parseSearchQuery('năng sua')!, ['suat']).lastWhole, '("sua")', 'sua* is not sua');
  assert.equal(sqliteMatches(parseSearchQuery('năng suất')!).lastWhole, '("suat")', 'FTS5 expands it itself');
  const code = sqliteMatches(parseSearchQuery('ủy ban 22-NQ/TW')!);
  assert.equal(code.numbers, '("22 nq tw"*)');
  assert.equal(code.lastHasNumber, true);
  const decree = sqliteMatches(parseSearchQuery('nghị định 42 năm')!);
  assert.equal(decree.numbers, '("42")', 'no prefix but on the last group');
  assert.equal(decree.lastHasNumber, false);
  assert.equal(
    sqliteMatches(parseSearchQuery('nq phát')!).numbers,
    null,
    'no digits: the marks are ANDed with all of main',
  );
  assert.equal(code.whole, '("uy" AND "ban" AND "22 nq tw")');
  assert.equal(code.lastWhole, '("22 nq tw")');
  assert.equal(code.headline, '"uy" AND "ban" AND "22 nq tw"*', 'over search_titles: no column filter');
  assert.equal(code.exact, `marks : ("${markKey('ủy')}")`, 'ban carries no marks');
});

test('highlights come from the original text and are escaped', () => {
  const q = parseSearchQuery('nghi quyet <b>')!;
  assert.equal(
    highlight('Thực hiện Nghị quyết <b>số 22</b>', q).value,
    'Thực hiện <mark>Nghị quyết</mark> &lt;<mark>b</mark>&gt;số 22&lt;/<mark>b</mark>&gt;',
  );
  const nfd = 'Nghị quyết'.normalize('NFD');
  assert.equal(
    highlight(nfd, parseSearchQuery('nghi')!).value,
    `<mark>${nfd.split(' ')[0]}</mark> ${nfd.split(' ')[1]}`,
  );
});

test('snippets: a window around the first match', () => {
  const text = `${'Mở đầu dài dòng. '.repeat(30)}Đoạn có Nghị quyết quan trọng. ${'Kết thúc. '.repeat(30)}`;
  const s = snippetOf(text, parseSearchQuery('nghi quyet')!);
  assert.ok(s.text.startsWith('… '));
  assert.ok(s.text.endsWith(' …'));
  assert.ok(s.text.length <= 245);
  assert.ok(s.text.includes('Nghị quyết quan trọng'));
  assert.equal(s.spans.length, 2);
  assert.equal(snippetOf('Ngắn gọn.', parseSearchQuery('khac')!).text, 'Ngắn gọn.');
});

test('queryText: one canonical form for spacing, control characters and Unicode forms, parsed as the raw text is', () => {
  const forms = ['thủy lợi', '  thủy   lợi ', 'thủy\tlợi\n', 'thủy lợi'.normalize('NFD'), 'thủy\u200b lợi\u0000'];
  for (const raw of forms) {
    assert.equal(queryText(raw), 'thủy lợi', JSON.stringify(raw));
    assert.deepEqual(parseSearchQuery(queryText(raw)), parseSearchQuery(raw), JSON.stringify(raw));
  }
  for (const raw of ['"khoa học" 22-NQ/TW', 'nghị "quyết', '', '   ', '\u0000'])
    assert.deepEqual(parseSearchQuery(queryText(raw)), parseSearchQuery(raw), JSON.stringify(raw));
  assert.equal(queryText('x'.repeat(10_000)).length, MAX_QUERY_CHARS);
});

test('queryText: a query cut at the limit never ends in half a surrogate pair, so showing it again gives it back', () => {
  const raw = `${'a'.repeat(MAX_QUERY_CHARS - 1)}𐀀𐀀`;
  assert.equal(queryText(raw), 'a'.repeat(MAX_QUERY_CHARS - 1));
  assert.equal(queryText(queryText(raw)), queryText(raw));
});

test('sqlite: the column filter stays only for a term that could be a mark key', () => {
  for (const word of ['quyết', 'mà', 'hòa', 'nguyễn', 'ủy']) assert.ok(couldBeMarkKey(markKey(word)!), word);
  for (const term of ['quyet', '2020', '22', 'nq', 'ma', '10nq']) assert.ok(!couldBeMarkKey(term), term);
  assert.equal(sqliteMatches(parseSearchQuery('nghị quyết')!).main, '("nghi" AND "quyet"*)');
  assert.equal(sqliteMatches(parseSearchQuery('ma0')!).main, '{title body} : ("ma0"*)');
  assert.equal(
    sqliteMatches(parseSearchQuery('nhân t')!, ['t', 't0*']).main,
    '{title body} : ("nhan" AND ("t" OR "t0"*))',
    'an expansion through a digit keeps it too',
  );
});
