import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { foldForSearch, foldVietnamese } from './fold.js';

const TONES = { none: '', huyen: '\u0300', sac: '\u0301', hoi: '\u0309', nga: '\u0303', nang: '\u0323' };
// The 12 Vietnamese vowels as plain letter + vowel-shape mark (breve, circumflex, horn).
const VOWELS: Array<[vowel: string, plain: string]> = [
  ['a', 'a'],
  ['a\u0306', 'a'],
  ['a\u0302', 'a'],
  ['e', 'e'],
  ['e\u0302', 'e'],
  ['i', 'i'],
  ['o', 'o'],
  ['o\u0302', 'o'],
  ['o\u031b', 'o'],
  ['u', 'u'],
  ['u\u031b', 'u'],
  ['y', 'y'],
];

interface Case {
  nfc: string;
  nfd: string;
  plain: string;
  name: string;
}

function allVowelsWithAllTones(): Case[] {
  const cases: Case[] = [];
  for (const [vowel, plain] of VOWELS) {
    for (const [toneName, tone] of Object.entries(TONES)) {
      for (const upper of [false, true]) {
        const raw = (upper ? vowel.toUpperCase() : vowel) + tone;
        cases.push({
          nfc: raw.normalize('NFC'),
          nfd: raw.normalize('NFD'),
          plain: upper ? plain.toUpperCase() : plain,
          name: `${raw.normalize('NFC')} (${toneName}${upper ? ', upper' : ''})`,
        });
      }
    }
  }
  return cases;
}

const fixture = readFileSync(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url), 'utf8');

/** The textbook implementation, as a reference for the table-driven one. */
function referenceFold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

test('every vowel with every tone, both cases, NFC and NFD, folds to the plain vowel', () => {
  const cases = allVowelsWithAllTones();
  assert.equal(cases.length, 12 * 6 * 2);
  for (const c of cases) {
    // Every Vietnamese letter has a precomposed form, so NFC is one code point.
    assert.equal([...c.nfc].length, 1, `${c.name} is precomposed in NFC`);
    assert.equal(foldVietnamese(c.nfc), c.plain, `NFC ${c.name}`);
    assert.equal(foldVietnamese(c.nfd), c.plain, `NFD ${c.name}`);
    assert.equal(foldForSearch(c.nfc), c.plain.toLowerCase(), `search key ${c.name}`);
  }
});

test('đ and Đ fold to d and D (NFD alone does not)', () => {
  assert.equal('đ'.normalize('NFD'), 'đ');
  assert.equal(foldVietnamese('đ'), 'd');
  assert.equal(foldVietnamese('Đ'), 'D');
  assert.equal(foldVietnamese('Đường Điện Biên Phủ'), 'Duong Dien Bien Phu');
  assert.equal(foldForSearch('ĐẢNG ĐOÀN'), 'dang doan');
  // U+00D0 (Icelandic eth) stands in for Đ in text converted from legacy encodings.
  assert.equal(foldVietnamese('Ðà Nẵng'), 'Da Nang');
});

test('folds whole text, keeps case, punctuation and digits', () => {
  const title = fixture.split('\n')[0] ?? '';
  assert.equal(foldVietnamese(title), 'Dang bo So KH&CN: Tong ket 10 nam thuc hien Nghi quyet so 22-NQ/TW');
  assert.equal(foldForSearch(title), 'dang bo so kh&cn: tong ket 10 nam thuc hien nghi quyet so 22-nq/tw');
});

test('NFD input gives the same result as NFC input, and matches the reference', () => {
  assert.equal(foldVietnamese(fixture.normalize('NFD')), foldVietnamese(fixture));
  assert.equal(foldVietnamese(fixture), referenceFold(fixture));
  // Only ASCII and the page's typographic punctuation remain.
  const left = new Set([...foldVietnamese(fixture)].filter((ch) => ch.charCodeAt(0) >= 0x80));
  assert.deepEqual([...left].sort(), ['\u00a0', '\u2013', '\u201c', '\u201d']);
});

test('leaves text without marks and non-Latin text alone', () => {
  const ascii = 'Plain ASCII 123 - ok';
  assert.equal(foldVietnamese(ascii), ascii);
  assert.equal(foldVietnamese(''), '');
  assert.equal(foldVietnamese('Tòa Soạn 😀 中文 – “x”'), 'Toa Soan 😀 中文 – “x”');
  // Lone surrogates survive unchanged rather than becoming U+FFFD.
  assert.equal(foldVietnamese('hà\ud800nội'), 'ha\ud800noi');
  // Other Latin diacritics fold too (names in foreign news).
  assert.equal(foldVietnamese('Café Müller Ñoño'), 'Cafe Muller Nono');
});

test('long input (beyond the reused buffer) folds correctly', () => {
  const big = 'Nghị quyết số 22 '.repeat(100_000);
  const folded = foldVietnamese(big);
  assert.equal(folded, 'Nghi quyet so 22 '.repeat(100_000));
  // Then a short one again: the shared buffer must not leak old content.
  assert.equal(foldVietnamese('ừ'), 'u');
});
