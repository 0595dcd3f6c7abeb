import { readFileSync } from 'node:fs';
import fc from 'fast-check';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/** The 134 lower-case Vietnamese letters with marks or without, and đ; upper case too. NFC. */
export const VIETNAMESE_LOWER: readonly string[] = [
  ...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))),
  ...'bcdđghklmnpqrstvx',
];
export const VIETNAMESE_LETTERS: readonly string[] = [
  ...VIETNAMESE_LOWER,
  ...VIETNAMESE_LOWER.map((c) => c.toUpperCase()),
];

const ASCII_EXTRA = [...' 0123456789.,;:!?-/()"\'\n'];

/** Text a Vietnamese writer would type: letters, digits, spaces and punctuation, NFC. */
export const vietnameseText = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...VIETNAMESE_LETTERS) },
      { weight: 2, arbitrary: fc.constantFrom(...ASCII_EXTRA) },
    ),
    { maxLength: 80 },
  )
  .map((cs) => cs.join(''));

/** Vietnamese words, so clusters such as oa, uy and ươ turn up often. */
export const vietnameseWords = fc
  .array(
    fc.constantFrom(
      'hoà',
      'hòa',
      'thuỷ',
      'thủy',
      'khoẻ',
      'Nghị',
      'quyết',
      'Đảng',
      'ươn',
      'quý',
      'gì',
      'khuỷu',
      'ngoài',
      'ngòai',
      'HOÀ',
      'uỷ',
      'má',
      'mã',
      'ma',
      'Sở',
      'KH&CN',
      '22-NQ/TW',
      '42/2022/NĐ-CP',
    ),
    {
      maxLength: 12,
    },
  )
  .map((ws) => ws.join(' '));

/** Any string at all: lone surrogates, controls, combining marks, every plane, and Vietnamese as NFC and NFD. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom(...'\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323aAeoOuUyYiđ \t\n'),
    maxLength: 40,
  }),
  vietnameseText,
  vietnameseText.map((s) => s.normalize('NFD')),
  vietnameseWords,
);

/** Real Vietnamese syllables: every word of the seed article, lower case. */
const SEED_WORDS: readonly string[] = [
  ...new Set(
    readFileSync(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url), 'utf8')
      .normalize('NFC')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? [],
  ),
];

/** A run of real syllables, as a sentence of a Vietnamese text would be. */
export const realSentence = fc
  .array(fc.constantFrom(...SEED_WORDS), { minLength: 1, maxLength: 20 })
  .map((ws) => ws.join(' '));
