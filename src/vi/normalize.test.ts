import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeForCompare, normalizeTonePlacement, toNfc } from './normalize.js';

// [new style (kiểu mới), old style (kiểu cũ) = canonical]
const PAIRS: Array<[string, string]> = [
  ['hoà', 'hòa'],
  ['thuỷ', 'thủy'],
  ['khoẻ', 'khỏe'],
  ['Hoà', 'Hòa'],
  ['HOÀ', 'HÒA'],
  ['hOÀ', 'hÒA'],
  ['toá', 'tóa'],
  ['hoạ sĩ', 'họa sĩ'],
  ['loã', 'lõa'],
  ['hoả', 'hỏa'],
  ['loè', 'lòe'],
  ['xoè', 'xòe'],
  ['THUỶ', 'THỦY'],
  ['tuỳ', 'tùy'],
  ['luỹ', 'lũy'],
  ['hoè', 'hòe'],
  ['uỷ ban', 'ủy ban'],
  ['Uỷ ban', 'Ủy ban'],
  ['đại uý', 'đại úy'],
  ['oà khóc', 'òa khóc'],
  ['Thuỷ-Hoà.', 'Thủy-Hòa.'],
];

test('both tone placements, NFC and NFD, give the canonical old style in NFC', () => {
  for (const [newStyle, oldStyle] of PAIRS) {
    for (const input of [newStyle, oldStyle]) {
      for (const form of ['NFC', 'NFD'] as const) {
        const out = normalizeTonePlacement(input.normalize(form));
        assert.equal(out, oldStyle, `${input} (${form})`);
        assert.equal(out, out.normalize('NFC'), `${input} (${form}) output is NFC`);
      }
    }
  }
});

test('words that must not change', () => {
  const words = [
    // qu, gi: the u/i belongs to the consonant
    'quý',
    'Quý',
    'QUÝ',
    'quả',
    'quỳnh',
    'quyết',
    'quỹ',
    'giá',
    'giữa',
    'Giã',
    // closed syllables and triphthongs: the tone is on the second vowel in both styles
    'hoàn',
    'toán',
    'ngoài',
    'xoáy',
    'khuỷu',
    'huỳnh',
    'tuyển',
    'khuyến',
    'ngoẻo',
    'nhoẻn',
    'toẹt',
    'huỵch',
    // vowels with a shape mark carry the tone
    'hoặc',
    'thuở',
    'thuế',
    'người',
    'mùa',
    'của',
    // no tone at all
    'hoa',
    'khoe',
    'thuy',
    'khuya',
  ];
  for (const w of words) {
    assert.equal(normalizeTonePlacement(w), w, w);
    assert.equal(normalizeTonePlacement(w.normalize('NFD')), w, `${w} (NFD)`);
  }
});

test('misplaced tones in closed syllables move to the second vowel', () => {
  assert.equal(normalizeTonePlacement('hòan thành'), 'hoàn thành');
  assert.equal(normalizeTonePlacement('ngòai'), 'ngoài');
  assert.equal(normalizeTonePlacement('khủyu'), 'khuỷu');
});

test('tone typed before the vowel mark still composes', () => {
  // e + acute + circumflex: NFC alone leaves "é" + a stray circumflex
  assert.notEqual(toNfc('e\u0301\u0302'), 'ế');
  assert.equal(normalizeTonePlacement('nghe\u0301\u0302'), 'nghế'.normalize('NFC'));
  assert.equal(normalizeTonePlacement('tho\u0300\u031bi'), 'thời');
});

test('comparison key: placement, case and normalisation do not matter; tones do', () => {
  const key = normalizeForCompare('Hòa');
  for (const v of ['hoà', 'Hoà', 'HÒA', 'HOÀ', 'hòa'.normalize('NFD'), 'HOÀ'.normalize('NFD')]) {
    assert.equal(normalizeForCompare(v), key, v);
  }
  assert.notEqual(normalizeForCompare('hoa'), key);
  assert.notEqual(normalizeForCompare('hóa'), key);
  assert.equal(normalizeForCompare('Thuỷ'), normalizeForCompare('THỦY'));
  assert.equal(normalizeForCompare('KHOẺ'), normalizeForCompare('khỏe'));
});

test('toNfc composes NFD text', () => {
  assert.equal(toNfc('Tòa Soạn'.normalize('NFD')), 'Tòa Soạn');
  assert.equal(toNfc('Tòa Soạn'.normalize('NFD')).length, 'Tòa Soạn'.length);
});

test('the seed article mixes both styles; normalising unifies them and changes nothing else', () => {
  const text = readFileSync(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url), 'utf8');
  // The real page writes "Đảng ủy" almost everywhere but "Đảng uỷ" once.
  assert.ok(text.includes('Đảng uỷ'));
  assert.ok(text.includes('Đảng ủy'));
  const out = normalizeTonePlacement(text);
  assert.ok(!out.includes('Đảng uỷ'));
  assert.equal(out, text.replaceAll('uỷ', 'ủy'));
  assert.equal(normalizeTonePlacement(text.normalize('NFD')), out);
});
