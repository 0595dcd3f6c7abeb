import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePlainTextArticle, type ParseResult, type PlainTextArticle } from './plain-text-parser.js';
import { foldForSearch } from '../vi/fold.js';

const FIXTURE = readFileSync(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url), 'utf8');

function parsed(text: string): PlainTextArticle {
  const r = parsePlainTextArticle(text);
  if (!r.ok) assert.fail(`expected success, got ${r.message}`);
  return r.article;
}

function failure(text: string): { line: number; message: string } {
  const r: ParseResult = parsePlainTextArticle(text);
  if (r.ok) assert.fail('expected a parse error');
  assert.match(r.message, new RegExp(`^line ${r.line}: `));
  return r;
}

test('the seed article: headline, time, byline', () => {
  const a = parsed(FIXTURE);
  assert.equal(a.title, 'Đảng bộ Sở KH&CN: Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW');
  assert.equal(a.publishedAt, '2018-05-23T04:16:00.000Z');
  assert.equal(a.byline, 'PC');
  assert.ok(a.sapo.startsWith('Chiều 22/5'), a.sapo.slice(0, 40));
});

test('the seed article: four paragraphs of text = sapo + 3, chrome dropped', () => {
  const a = parsed(FIXTURE);
  // Counted from the fixture independently: non-blank lines between the time
  // line and the "PC" byline.
  const lines = FIXTURE.split('\n');
  const between = lines.slice(2, lines.indexOf('PC')).filter((l) => l.trim() !== '');
  assert.equal(between.length, 4);
  assert.equal(1 + a.paragraphs.length, 4);
  assert.ok(a.paragraphs[0]?.startsWith('Sau khi Nghị quyết ban hành'));
  assert.ok(a.paragraphs[2]?.endsWith('"đảng viên thời kỳ 4.0".'));

  for (const p of [a.sapo, ...a.paragraphs]) {
    const key = foldForSearch(p);
    assert.ok(!key.includes('y kien ban doc'), 'no reader-comments chrome');
    assert.ok(!key.includes('dang nhap'), 'no login chrome');
    assert.notEqual(p, 'PC');
    // Trimmed, single-spaced (the page has "\u00a0 " pairs), NFC.
    assert.equal(p, p.trim());
    assert.doesNotMatch(p, /\s{2,}/);
    assert.equal(p, p.normalize('NFC'));
  }
  // Text is kept as written apart from whitespace.
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  assert.deepEqual([a.sapo, ...a.paragraphs].map(squash), between.map(squash));
});

test('NFD, CRLF, BOM and old-Mac CR versions give the identical result', () => {
  const expected = parsed(FIXTURE);
  const nfd = FIXTURE.normalize('NFD');
  assert.notEqual(nfd, FIXTURE);
  assert.deepEqual(parsed(nfd), expected);
  assert.deepEqual(parsed('\ufeff' + FIXTURE.replace(/\n/g, '\r\n')), expected);
  assert.deepEqual(parsed('\ufeff' + nfd.replace(/\n/g, '\r\n')), expected);
  assert.deepEqual(parsed(FIXTURE.replace(/\n/g, '\r')), expected);
  // Leading blank lines before the headline are fine too.
  assert.deepEqual(parsed('\n\n' + FIXTURE), expected);
});

test('empty input', () => {
  for (const text of ['', '\ufeff', '\n\n   \n', '\r\n']) {
    const e = failure(text);
    assert.equal(e.line, 1, JSON.stringify(text));
    assert.match(e.message, /empty/);
  }
});

test('bad publish time names its line', () => {
  const lines = FIXTURE.split('\n');
  lines[1] = '11:16 32/05/2018';
  const e = failure(lines.join('\n'));
  assert.equal(e.line, 2);
  assert.equal(e.message, 'line 2: expected the publish time as HH:mm dd/MM/yyyy, got "11:16 32/05/2018"');

  // After leading blank lines and a BOM the count still matches the file.
  const e2 = failure('\ufeff\r\n\r\nTiêu đề\r\nhôm qua\r\nNội dung.');
  assert.equal(e2.line, 4);
  assert.match(e2.message, /got "hôm qua"$/);

  // A missing time line: the first paragraph is reported, shortened.
  const e3 = failure([lines[0], ...lines.slice(2)].join('\n'));
  assert.equal(e3.line, 2);
  assert.match(e3.message, /got "Chiều 22\/5, .*…"$/);
});

test('headline only, or headline and time only', () => {
  const e = failure('Tiêu đề bài viết\n');
  assert.equal(e.line, 2);
  assert.equal(e.message, 'line 2: expected the publish time as HH:mm dd/MM/yyyy, got end of file');
  assert.equal(failure('Tiêu đề bài viết').line, 2);

  const e2 = failure('Tiêu đề bài viết\n11:16 23/05/2018\n\n  \n');
  assert.equal(e2.line, 3);
  assert.match(e2.message, /at least one paragraph/);
  // Chrome alone is not a body.
  assert.equal(failure('Tiêu đề\n11:16 23/05/2018\n\n    Ý kiến bạn đọc\n    ĐĂNG NHẬP').line, 3);
});

test('headline length limit is 300 characters', () => {
  const ok = 'Ấ'.repeat(300);
  assert.equal(parsed(`${ok}\n11:16 23/05/2018\nNội dung.`).title, ok);
  const e = failure(`\n${'Ấ'.repeat(301)}\n11:16 23/05/2018\nNội dung.`);
  assert.equal(e.line, 2);
  assert.match(e.message, /headline is 301 characters/);
});

test('binary junk and control characters are rejected with their line', () => {
  const withNul = FIXTURE.split('\n');
  withNul[4] = 'abc\u0000def';
  const e = failure(withNul.join('\n'));
  assert.equal(e.line, 5);
  assert.match(e.message, /U\+0000/);

  assert.equal(failure('Tiêu đề\n11:16 23/05/2018\nNội\u0007 dung').line, 3);
  // Bytes that are not UTF-8, decoded the way the CLI reads files.
  const junk = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]);
  const e2 = failure(junk.toString('utf8'));
  assert.equal(e2.line, 1);
  // Tabs are text, not junk.
  assert.equal(parsed('Tiêu\tđề\n11:16 23/05/2018\nNội\tdung.').title, 'Tiêu đề');
});

test('byline rules', () => {
  const head = 'Tiêu đề\n11:16 23/05/2018\n';
  // No byline: the last paragraph ends a sentence.
  const a = parsed(`${head}Mở đầu.\n\nĐoạn cuối.\n\n    Ý kiến bạn đọc\n`);
  assert.equal(a.byline, null);
  assert.deepEqual(a.paragraphs, ['Đoạn cuối.']);
  // A byline with an agency in brackets.
  assert.equal(parsed(`${head}Mở đầu.\n\nNguyễn Văn A (TTXVN)\n`).byline, 'Nguyễn Văn A (TTXVN)');
  // The only paragraph is the sapo, never the byline.
  const b = parsed(`${head}Tin ngắn\n`);
  assert.equal(b.sapo, 'Tin ngắn');
  assert.equal(b.byline, null);
  // Too long for a byline.
  assert.equal(parsed(`${head}Mở đầu.\n\n${'Dòng kết không có dấu chấm nhưng khá dài'.repeat(2)}\n`).byline, null);
  // Chrome in any case, indented or not, is dropped after the body.
  const c = parsed(`${head}Mở đầu.\n\nHà Nam\n\ný kiến bạn đọc\nĐăng nhập\n`);
  assert.equal(c.byline, 'Hà Nam');
  assert.deepEqual(c.paragraphs, []);
});

test('indented paragraphs are kept; only short indented lines after a byline are chrome', () => {
  const head = 'Tiêu đề\n11:16 23/05/2018\n';
  const indented = parsed(`${head}    Mở đầu.\n    Thân bài.\n`);
  assert.equal(indented.sapo, 'Mở đầu.');
  assert.deepEqual(indented.paragraphs, ['Thân bài.']);
  assert.equal(indented.byline, null);

  const longIndented = 'Một đoạn văn thụt lề, dài hơn hẳn một dòng trình đơn của trang web.';
  const d = parsed(`${head}Mở đầu.\nTiểu mục\n    ${longIndented}\n`);
  assert.equal(d.byline, null);
  assert.deepEqual(d.paragraphs, ['Tiểu mục', longIndented]);

  const e = parsed(`${head}Mở đầu.\n\nPV\n\n    Chia sẻ\n    In bài\n`);
  assert.equal(e.byline, 'PV');
  assert.deepEqual(e.paragraphs, []);
});

test('whitespace inside lines is collapsed; a lone no-break space is kept', () => {
  const a = parsed('  Tiêu   đề  \n 11:16 23/05/2018 \nA  b\u00a0 c\t\td\n\n10\u00a0% tăng.\n');
  assert.equal(a.title, 'Tiêu đề');
  assert.equal(a.sapo, 'A b c d');
  assert.deepEqual(a.paragraphs, ['10\u00a0% tăng.']);
});
