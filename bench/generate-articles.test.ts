import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  DEFAULT_REFERENCE_TIME,
  SYLLABLES,
  WORDS,
  generateArticles,
  mulberry32,
  type GeneratedArticle,
} from './generate-articles.js';

const EIGHT_YEARS_MS = 8 * 365.25 * 24 * 3600 * 1000;
const MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

function take(count: number, seed?: number): GeneratedArticle[] {
  return [...generateArticles(count, seed)];
}

function allStrings(a: GeneratedArticle): string[] {
  return [a.title, a.sapo, ...a.paragraphs, a.byline, ...a.tags, a.publishedAt];
}

/** Splits running text into sentences; "1.234" has no space after its dot. */
function splitSentences(text: string): string[] {
  return text.split(/(?<=\.) /);
}

describe('mulberry32', () => {
  it('is deterministic and stays in [0, 1)', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      assert.equal(x, b());
      assert.ok(x >= 0 && x < 1);
    }
  });
});

describe('generateArticles', () => {
  it('gives the same output for the same seed', () => {
    assert.deepEqual(take(200, 42), take(200, 42));
  });

  it('uses a default seed when none is given', () => {
    assert.deepEqual(take(20), take(20));
  });

  it('restarts from the seed each time the iterable is iterated', () => {
    const iterable = generateArticles(30, 7);
    assert.deepEqual([...iterable], [...iterable]);
  });

  it('gives different output for different seeds', () => {
    const a = take(50, 1);
    const b = take(50, 2);
    assert.notDeepEqual(a, b);
    const sameTitles = a.filter((x, i) => x.title === b[i]?.title).length;
    assert.ok(sameTitles < 5, `too many identical titles: ${sameTitles}`);
  });

  it('respects the requested count', () => {
    assert.equal(take(0).length, 0);
    assert.equal(take(1).length, 1);
    assert.equal(take(257, 9).length, 257);
  });

  it('rejects invalid counts', () => {
    assert.throws(() => generateArticles(-1), RangeError);
    assert.throws(() => generateArticles(1.5), RangeError);
    assert.throws(() => generateArticles(Number.NaN), RangeError);
  });

  it('produces only NFC strings', () => {
    for (const a of take(500, 11)) {
      for (const s of allStrings(a)) assert.equal(s, s.normalize('NFC'), `not NFC: ${s}`);
    }
  });

  it('produces well-formed titles, sapos, paragraphs, bylines and tags', () => {
    for (const a of take(300, 5)) {
      assert.ok(a.title.trim().length > 0);
      const titleSyllables = a.title.split(' ').length;
      assert.ok(titleSyllables >= 8 && titleSyllables <= 16, `title length ${titleSyllables}: ${a.title}`);
      assert.ok(!a.title.endsWith('.'), a.title);

      const sapoSentences = splitSentences(a.sapo);
      assert.ok(sapoSentences.length >= 1 && sapoSentences.length <= 2, a.sapo);

      assert.ok(a.paragraphs.length >= 3 && a.paragraphs.length <= 6);
      for (const p of a.paragraphs) {
        const ss = splitSentences(p);
        assert.ok(ss.length >= 2 && ss.length <= 5, `paragraph with ${ss.length} sentences`);
        for (const s of ss) {
          assert.match(s, /^[^\s,.]/u);
          assert.equal(s.charAt(0), s.charAt(0).toUpperCase(), `not capitalised: ${s}`);
          assert.ok(s.endsWith('.') && !s.endsWith(',.'), s);
          const n = s.split(' ').length;
          assert.ok(n >= 8 && n <= 25, `sentence of ${n} syllables: ${s}`);
        }
      }

      assert.ok(a.byline.trim().length > 0);
      assert.ok(a.tags.length >= 2 && a.tags.length <= 4);
      assert.equal(new Set(a.tags).size, a.tags.length, 'duplicate tag');
    }
  });

  it('sometimes puts a document code in the title', () => {
    const titles = take(300, 3).map((a) => a.title);
    const withCode = titles.filter((t) =>
      /\d+(?:-NQ\/TW|\/\d{4}\/NĐ-CP|\/[A-ZĐ]+-[A-Za-zĐ]+|\/\d{4}\/[A-Z0-9-]+)/u.test(t),
    );
    assert.ok(withCode.length > 30 && withCode.length < 200, `${withCode.length} titles with a code`);
  });

  it('spreads publishedAt over the 8 years before the reference time, all in the past', () => {
    const now = Date.now();
    const times = take(1000, 8).map((a) => {
      assert.match(a.publishedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      const t = Date.parse(a.publishedAt);
      assert.ok(Number.isFinite(t), a.publishedAt);
      assert.ok(t < now, `in the future: ${a.publishedAt}`);
      assert.ok(t < DEFAULT_REFERENCE_TIME);
      assert.ok(t >= DEFAULT_REFERENCE_TIME - EIGHT_YEARS_MS - 1000);
      return t;
    });
    const span = Math.max(...times) - Math.min(...times);
    assert.ok(span > 7 * 365 * 24 * 3600 * 1000, 'dates are not spread over the period');
  });

  it('honours a custom reference time', () => {
    const ref = Date.UTC(2020, 0, 1);
    for (const a of generateArticles(100, 4, { referenceTime: new Date(ref) })) {
      const t = Date.parse(a.publishedAt);
      assert.ok(t < ref && t >= ref - EIGHT_YEARS_MS - 1000, a.publishedAt);
    }
  });

  it('writes Vietnamese with tone marks and đ', () => {
    const sample = take(100, 21);
    const text = sample.map((a) => [a.title, a.sapo, ...a.paragraphs].join('\n')).join('\n');
    assert.match(text, MARKED);
    assert.match(text, /đ/);
    assert.match(text, /Đ/);
    // Marks should be everywhere, not just somewhere.
    for (const a of sample) assert.match(a.paragraphs.join(' '), MARKED);
  });

  it('produces roughly 2–4 KB of text per article on average', () => {
    const sample = take(500, 13);
    let bytes = 0;
    for (const a of sample) bytes += Buffer.byteLength([a.title, a.sapo, ...a.paragraphs].join('\n'));
    const avg = bytes / sample.length;
    assert.ok(avg >= 2000 && avg <= 4096, `average ${Math.round(avg)} bytes`);
  });
});

describe('vocabulary', () => {
  it('has at least 400 distinct syllables and 150 two-syllable words, all NFC', () => {
    assert.ok(new Set(SYLLABLES).size >= 400, `${SYLLABLES.length} syllables`);
    assert.ok(new Set(WORDS).size >= 150, `${WORDS.length} words`);
    for (const s of SYLLABLES) {
      assert.equal(s, s.normalize('NFC'));
      assert.doesNotMatch(s, /\s/);
    }
    for (const w of WORDS) {
      assert.equal(w, w.normalize('NFC'));
      assert.equal(w.split(' ').length, 2, `not two syllables: ${w}`);
    }
  });
});
