import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slugify } from './slug.js';

const TITLE = 'Đảng bộ Sở KH&CN: Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW';
const TITLE_SLUG = 'dang-bo-so-khcn-tong-ket-10-nam-thuc-hien-nghi-quyet-so-22-nq-tw';

test('the seed article title', () => {
  assert.equal(slugify(TITLE), TITLE_SLUG);
  assert.equal(slugify(TITLE.normalize('NFD')), TITLE_SLUG);
});

test('separators, joiners and trimming', () => {
  assert.equal(slugify('Hà Nội'), 'ha-noi');
  assert.equal(slugify('  --Tin   mới!!--  '), 'tin-moi');
  assert.equal(slugify('R&D'), 'rd');
  assert.equal(slugify('A & B'), 'a-b');
  assert.equal(slugify('Đường 3/2, Q.10'), 'duong-3-2-q-10');
  assert.equal(slugify('Let’s go'), 'lets-go');
  assert.equal(slugify('ĐÀ NẴNG'), 'da-nang');
  assert.equal(slugify('Ðà Nẵng'), 'da-nang');
  assert.equal(slugify('tab\tand\nnewline'), 'tab-and-newline');
  assert.equal(slugify('100% cán bộ'), '100-can-bo');
});

test('markless junk gives an empty slug', () => {
  for (const junk of ['', '   ', '!!! --- ???', '😀😀', '中文', '&&', '-']) {
    assert.equal(slugify(junk), '', JSON.stringify(junk));
  }
});

test('cut at a word boundary, never over maxLength, never ending with a dash', () => {
  assert.equal(slugify(TITLE, 20), 'dang-bo-so-khcn-tong');
  assert.equal(slugify(TITLE, 22), 'dang-bo-so-khcn-tong');
  assert.equal(slugify(TITLE, 19), 'dang-bo-so-khcn');
  assert.equal(slugify(TITLE, TITLE_SLUG.length), TITLE_SLUG);
  for (let max = 1; max <= TITLE_SLUG.length + 2; max++) {
    const s = slugify(TITLE, max);
    assert.ok(s.length <= max, `length ${s.length} <= ${max}`);
    assert.ok(s.length > 0, `non-empty at ${max}`);
    assert.doesNotMatch(s, /^-|-$|--/);
    assert.ok(TITLE_SLUG.startsWith(s));
  }
  // A single word longer than the limit is cut hard.
  assert.equal(slugify('a'.repeat(200)), 'a'.repeat(120));
  assert.equal(slugify('ab cdefghij', 5), 'ab');
  assert.equal(slugify('abcdefghij klm', 5), 'abcde');
});

test('a long title defaults to at most 120 characters', () => {
  const long = Array.from({ length: 40 }, () => 'Nghị quyết').join(' ');
  const s = slugify(long);
  assert.ok(s.length <= 120);
  assert.match(s, /^(nghi-quyet-)*nghi(-quyet)?$/);
});

test('rejects a nonsensical maxLength', () => {
  assert.throws(() => slugify('x', 0), RangeError);
  assert.throws(() => slugify('x', 1.5), RangeError);
});
