import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dateWords,
  documentCodeWords,
  findDocumentCodes,
  foldTerm,
  markKey,
  numberTerm,
  searchTerms,
  syllables,
} from './search-text.js';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'a\u0306', 'a\u0302', 'e', 'e\u0302', 'i', 'o', 'o\u0302', 'o\u031b', 'u', 'u\u031b', 'y'];

test('mark keys: ASCII, one per vowel+tone, equal for NFC, NFD and upper case', () => {
  const keys = new Map<string, string>();
  for (const v of VOWELS) {
    for (const t of TONES) {
      const letter = `m${v}${t}`.normalize('NFC');
      const key = markKey(letter);
      if (
        letter === 'ma' ||
        letter === 'me' ||
        letter === 'mi' ||
        letter === 'mo' ||
        letter === 'mu' ||
        letter === 'my'
      ) {
        assert.equal(key, null, `${letter} has no marks`);
        continue;
      }
      assert.ok(key, letter);
      assert.match(key, /^[a-z0-9]+$/, letter);
      assert.equal(markKey(letter.normalize('NFD')), key, `${letter} NFD`);
      assert.equal(markKey(letter.toUpperCase()), key, `${letter} upper`);
      assert.ok(!keys.has(key), `${letter} collides with ${keys.get(key)}`);
      keys.set(key, letter);
    }
  }
  assert.equal(keys.size, 12 * 6 - 6);
  assert.notEqual(markKey('đa'), markKey('da'));
  assert.equal(markKey('da'), null);
});

test('mark keys ignore tone placement: hoà = hòa, thuỷ = thủy', () => {
  assert.equal(markKey('hoà'), markKey('hòa'));
  assert.equal(markKey('thuỷ'), markKey('thủy'));
  assert.equal(markKey('HOÀ'), markKey('hòa'));
  assert.notEqual(markKey('hòa'), markKey('hóa'));
});

test('syllables: offsets into the input, text normalised and lower case', () => {
  const text = 'Thuỷ lợi, 22-NQ/TW và KH&CN!';
  const s = syllables(text);
  assert.deepEqual(
    s.map((x) => x.text),
    ['thủy', 'lợi', '22', 'nq', 'tw', 'và', 'kh', 'cn'],
  );
  for (const x of s) assert.equal(text.slice(x.start, x.end).toLowerCase().normalize('NFC').length, x.end - x.start);
  assert.equal(text.slice(s[0]!.start, s[0]!.end), 'Thuỷ');
  // NFD input keeps its marks inside the syllable instead of splitting on them.
  assert.deepEqual(
    syllables('Nghị quyết'.normalize('NFD')).map((x) => x.text),
    ['nghị', 'quyết'],
  );
});

test('folded terms: đ → d, two-mark letters fold fully', () => {
  assert.equal(foldTerm('đảng'), 'dang');
  assert.equal(foldTerm('quyết'), 'quyet');
  assert.equal(foldTerm('hội'), 'hoi');
  assert.equal(foldTerm('ĐƯỜNG'), 'duong');
  const terms = searchTerms('Đảng bộ thực hiện Nghị quyết');
  assert.equal(terms.folded, 'dang bo thuc hien nghi quyet');
  assert.equal(terms.marks.split(' ').length, 6, 'every marked syllable has a key');
  assert.match(terms.marks, /^[a-z0-9 ]+$/);
  // Quotes glued to a word and foreign letters neither lose the key nor leak into it.
  assert.equal(searchTerms('“Nghị” 中文 ½').marks, markKey('nghị'));
  assert.equal(searchTerms('“Nghị” 中文').folded, 'nghi 中文');
});

test('document codes in their usual written forms', () => {
  assert.deepEqual(findDocumentCodes('Nghị quyết số 22-NQ/TW ngày 10/4/2013'), [
    { number: '22', year: null, kind: 'nq' },
  ]);
  assert.deepEqual(findDocumentCodes('theo 42/2022/NĐ-CP và 05/2019/TT-BKHCN'), [
    { number: '42', year: '2022', kind: 'nd' },
    { number: '05', year: '2019', kind: 'tt' },
  ]);
  assert.deepEqual(findDocumentCodes('Quyết định 123/QĐ-UBND'), [{ number: '123', year: null, kind: 'qd' }]);
  assert.deepEqual(findDocumentCodes('ngày 10/4/2013, 3-4 người, COVID-19'), []);
  assert.equal(searchTerms(documentCodeWords('theo 42/2022/NĐ-CP')).folded, 'nghi dinh 42 nd 42');
  assert.equal(searchTerms(documentCodeWords('22-NQ/TW')).folded, 'nghi quyet 22 nq 22');
});

test('dates are indexed in the other form too; document codes are not dates', () => {
  assert.equal(dateWords('họp ngày 23/05/2018 và 7-6-2019'), 'ngay 23 thang 05 nam 2018 ; ngay 7 thang 6 nam 2019');
  assert.equal(dateWords('từ 5/2018'), 'thang 5 nam 2018');
  assert.equal(dateWords('Ngày 23 tháng 5 năm 2018, tháng 6/2019'), 'thang 6 nam 2019 ; 23 5 2018 ; 6 2019');
  assert.equal(dateWords('Thông tư 05/2019/TT-BKHCN và 42/2022/NĐ-CP'), '', 'codes are not dates');
  assert.equal(dateWords('tỷ lệ 13/2018 và 31/13/2018'), '', 'no month 13');
  assert.equal(numberTerm('05'), '5');
  assert.equal(numberTerm('000'), '0');
  assert.equal(numberTerm('0a'), '0a');
  assert.equal(searchTerms('Số 007, ngày 01/02').folded, 'so 7 ngay 1 2');
});
