import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateArticles } from '../../bench/generate-articles.js';
import { matchSpans, matchSpansBySyllable } from './highlight.js';
import { parseSearchQuery } from './query.js';
import { foldedInPlace } from '../vi/search-text.js';

const QUERIES = [
  'nghi quyet',
  'Nghị quyết',
  'nghị quyế',
  'nghi quy',
  'dang',
  'đăng ký',
  'ma',
  'má',
  '22-NQ/TW',
  'nq 22',
  'nghị định 4',
  '"khoa học"',
  'hoà',
  'thuỷ lợi',
  'a',
  'ứng',
  'x',
  'quy',
  'tw',
  'café',
  'İstanbul',
  'σοφία',
  'Straße',
  'ǅemal',
  '中文',
  '2022',
];
const TEXTS = [
  'Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW về hội nhập quốc tế; Đảng bộ Sở KH&CN.',
  'Thương má, mã số, ma, mà — “Nghị định 42/2022/NĐ-CP”… ĐĂNG KÝ: đăng-ký',
  'Nghị quyết'.normalize('NFD'),
  'Café İstanbul Straße ǅemal ŒUVRE øre ÆØÅ ¹²³ ½ x²',
  'ΣΟΦΊΑ σοφία ΌΣΟΣ',
  'İİİ đăng',
  'emoji 😀 nghị quyết 𐐀𐐨',
  '中文 nghị',
  'x\u20d0y nghi',
  'hoà hòa thuỷ thủy',
  '',
  ' ',
  'a',
  'quy quyết quyền Quy-chế',
  'TW tw Tw',
  '22-NQ/TW 22/NQ-TW 22 NQ TW',
  // Beside letters and signs that stay non-ASCII when folded: a letter or digit joins the word, a sign does not.
  'ßnghị …nghị ²nghị ½quy –quy øtw tw€ 22ª 22‰',
];

test('highlights: one pattern over the text folded in place finds what folding each syllable finds', () => {
  const texts = [...TEXTS];
  for (const a of generateArticles(30, 5)) texts.push(a.title, a.sapo, ...a.paragraphs);
  let fast = 0;
  for (const raw of QUERIES) {
    const q = parseSearchQuery(raw)!;
    for (const text of texts) {
      if (foldedInPlace(text) !== null) fast++;
      for (const limit of [1, Infinity]) {
        assert.deepEqual(
          matchSpans(text, q, limit),
          matchSpansBySyllable(text, q, limit),
          `${raw} in ${JSON.stringify(text.slice(0, 60))}`,
        );
      }
    }
  }
  assert.ok(fast > texts.length * QUERIES.length * 0.9, 'nearly every text takes the pattern');
});

test('text folded in place: only when every character keeps its offset', () => {
  assert.equal(foldedInPlace('Nghị quyết số 22-NQ/TW “Đảng”…'), 'nghi quyet so 22-nq/tw “dang”…');
  assert.equal(foldedInPlace('Nghị quyết'.normalize('NFD')), null, 'combining marks would be dropped');
  assert.equal(foldedInPlace('ΌΣΟΣ'), null, 'final sigma depends on its neighbours');
  assert.equal(foldedInPlace('😀'), null, 'surrogates');
  assert.equal(foldedInPlace('İ'), 'i', 'folded to I before lower case: still one character');
});
