import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatVnDateTime, parseVnDateTime } from '../../src/vi/dates.js';
import { foldForSearch, foldVietnamese } from '../../src/vi/fold.js';
import { decodeAs, decodeVietnameseText, encodeTcvn3, TEXT_ENCODINGS } from '../../src/vi/legacy-encoding.js';
import { normalizeForCompare, normalizeTonePlacement, toNfc } from '../../src/vi/normalize.js';
import { documentCodeWords, findDocumentCodes, markKey, searchTerms, syllables } from '../../src/vi/search-text.js';
import { slugify } from '../../src/vi/slug.js';
import { decodeVni, encodeVni } from '../../src/vi/vni.js';
import {
  anyText,
  realSentence,
  VIETNAMESE_LETTERS,
  VIETNAMESE_LOWER,
  vietnameseText,
  vietnameseWords,
} from './arbitraries.js';
import { params } from './settings.js';

const ASCII = /^[\x20-\x7e\n]*$/;

describe('folding', () => {
  test('never throws, and folding twice is folding once', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const once = foldVietnamese(s);
        assert.equal(foldVietnamese(once), once);
        assert.equal(foldForSearch(foldForSearch(s)), foldForSearch(s));
      }),
      params(),
    );
  });

  test('Vietnamese text folds to ASCII, the same from NFC and NFD, one character per letter', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        const folded = foldVietnamese(s);
        assert.match(folded, ASCII);
        assert.equal(foldVietnamese(s.normalize('NFD')), folded);
        assert.equal(folded.length, s.length);
      }),
      params(),
    );
  });
});

describe('NFC and tone placement', () => {
  test('normalisers are idempotent and give NFC', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const nfc = toNfc(s);
        assert.equal(toNfc(nfc), nfc);
        const placed = normalizeTonePlacement(s);
        assert.equal(placed, placed.normalize('NFC'));
        assert.equal(normalizeTonePlacement(placed), placed);
        const key = normalizeForCompare(s);
        assert.equal(normalizeForCompare(key), key);
      }),
      params(),
    );
  });

  test('moving a tone keeps the letters: NFC and NFD input agree, and folding is unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, vietnameseWords), (s) => {
        const placed = normalizeTonePlacement(s);
        assert.equal(normalizeTonePlacement(s.normalize('NFD')), placed);
        assert.equal(foldVietnamese(placed), foldVietnamese(s));
        assert.equal(placed.length, s.normalize('NFC').length);
      }),
      params(),
    );
  });
});

describe('search terms and document codes', () => {
  test('never throw; folded terms of Vietnamese text are ASCII and mark keys are [a-z0-9]', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        searchTerms(s);
        syllables(s);
        documentCodeWords(s);
        for (const syl of syllables(s)) {
          const key = markKey(syl.text);
          if (key !== null) assert.match(key, /^[a-z0-9]+$/);
        }
      }),
      params(),
    );
    fc.assert(
      fc.property(fc.oneof(vietnameseText, vietnameseWords), (s) => {
        const { folded, marks } = searchTerms(s);
        assert.match(folded, /^[a-z0-9 ]*$/);
        assert.match(marks, /^[a-z0-9 ]*$/);
      }),
      params(),
    );
  });

  const kinds = fc.constantFrom('NQ', 'NĐ', 'QĐ', 'TT', 'CT', 'KH', 'TB', 'CV', 'BC', 'HD', 'TTLT', 'QC', 'ND', 'UBND');
  const issuer = fc.constantFrom('', '-CP', '/TW', '-UBND', '-BKHCN', '/QH15', '-BTC-BKHCN');
  const code = fc.record({
    number: fc.integer({ min: 1, max: 99_999 }).map(String),
    year: fc.option(fc.integer({ min: 1945, max: 2099 }).map(String), { nil: null }),
    kind: kinds,
    issuer,
    sep: fc.constantFrom('-', '/'),
  });

  test('a document code anywhere in a text is recognised with its number, year and kind', () => {
    fc.assert(
      fc.property(code, vietnameseWords, vietnameseWords, (c, before, after) => {
        const written = `${c.number}${c.year ? `/${c.year}` : ''}${c.sep}${c.kind}${c.issuer}`;
        const found = findDocumentCodes(`${before} ${written}, ${after}`);
        assert.ok(
          found.some((f) => f.number === c.number && f.year === c.year && f.kind === foldForSearch(c.kind)),
          `${written} in ${JSON.stringify(found)}`,
        );
        assert.match(documentCodeWords(written), new RegExp(`\\b${foldForSearch(c.kind)} ${c.number}\\b`));
      }),
      params(),
    );
  });
});

describe('slugs', () => {
  const SLUG = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

  test('only [a-z0-9] words joined by single dashes, within the length, and a slug of a slug is itself', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 160 }), (s, max) => {
        const slug = slugify(s, max);
        assert.match(slug, SLUG);
        assert.ok(slug.length <= max, `${slug.length} > ${max}`);
        assert.equal(slugify(slug, max), slug);
        assert.match(slugify(s), SLUG);
      }),
      params(),
    );
  });

  test('Vietnamese text keeps every letter and digit in its slug, folded', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        const letters = foldForSearch(s).replace(/[^a-z0-9]/g, '');
        assert.equal(slugify(s, 10_000).replace(/-/g, ''), letters);
      }),
      params(),
    );
  });
});

describe('dates', () => {
  test('the parser returns null or a UTC instant, and never throws', () => {
    const dateLike = fc
      .tuple(fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99), fc.nat(99_999), fc.constantFrom(' ', '  ', '\t', ''))
      .map(
        ([h, mi, d, mo, y, sp]) => `${h}:${String(mi).padStart(2, '0')}${sp}${d}/${mo}/${String(y).padStart(4, '0')}`,
      );
    fc.assert(
      fc.property(fc.oneof(anyText, dateLike), (s) => {
        const iso = parseVnDateTime(s);
        if (iso !== null) assert.match(iso, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }),
      params(),
    );
  });

  test('format then parse gives the same wall-clock minute, and the same instant from 1976 on', () => {
    const minute = 60_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 2) / minute, max: Date.UTC(9999, 11, 30) / minute }), (m) => {
        const date = new Date(m * minute);
        const shown = formatVnDateTime(date);
        const parsed = parseVnDateTime(shown);
        assert.ok(parsed !== null, shown);
        assert.equal(formatVnDateTime(parsed), shown);
        if (date.getUTCFullYear() >= 1976) assert.equal(parsed, date.toISOString());
      }),
      params(),
    );
  });

  test('formatting any string either works or throws RangeError, the typed error for a bad date', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        try {
          formatVnDateTime(s);
        } catch (err) {
          assert.ok(err instanceof RangeError, String(err));
        }
      }),
      params(),
    );
  });
});

describe('legacy encodings', () => {
  /** Text made only of what the encoding's table holds: ASCII and Vietnamese letters. */
  const textOf = (letters: readonly string[]) =>
    fc
      .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...letters) }, fc.constantFrom(...' abcz019.,-:\n')), {
        maxLength: 60,
      })
      .map((cs) => cs.join(''));

  test('TCVN3: decoding what was encoded gives the text back', () => {
    // TCVN3 has the lower-case letters; its upper case lives in a separate font, so only some of it round-trips.
    const table = VIETNAMESE_LETTERS.filter((ch) => decodeAs(encodeTcvn3(ch), 'tcvn3') === ch);
    for (const ch of VIETNAMESE_LOWER) assert.ok(table.includes(ch), `TCVN3 has ${ch}`);
    fc.assert(
      fc.property(textOf(table), (s) => {
        assert.equal(decodeAs(encodeTcvn3(s), 'tcvn3'), s);
      }),
      params(),
    );
  });

  test('VNI: decoding what was encoded gives the text back, upper and lower case', () => {
    fc.assert(
      fc.property(textOf(VIETNAMESE_LETTERS), (s) => {
        assert.equal(decodeVni(encodeVni(s)), s);
      }),
      params(),
    );
  });

  test('detection never throws on any bytes and names one of the known encodings', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const decoded = decodeVietnameseText(bytes);
        assert.ok(TEXT_ENCODINGS.includes(decoded.encoding));
        assert.ok(decoded.plausibility >= 0 && decoded.plausibility <= 1);
        for (const enc of ['tcvn3', 'vni'] as const) decodeAs(bytes, enc);
      }),
      params(),
    );
  });

  test('legacy bytes of real Vietnamese text are detected as that text whenever detection is sure', () => {
    fc.assert(
      fc.property(realSentence, (s) => {
        for (const bytes of [encodeTcvn3(s), encodeVni(s)]) {
          const decoded = decodeVietnameseText(bytes);
          if (decoded.sure) assert.equal(decoded.text, s);
        }
      }),
      params(),
    );
  });
});
