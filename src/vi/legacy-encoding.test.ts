import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeAs, decodeVietnameseText, encodeTcvn3, plausibility, repairMisencodedLines } from './legacy-encoding.js';
import { decodeVni, encodeVni } from './vni.js';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'a\u0306', 'a\u0302', 'e', 'e\u0302', 'i', 'o', 'o\u0302', 'o\u031b', 'u', 'u\u031b', 'y'];

/** The 134 Vietnamese letters that are not plain ASCII: 66 marked vowels and đ, in both cases. */
function vietnameseLetters(): string[] {
  const lower = ['đ'];
  for (const v of VOWELS) for (const t of TONES) if (v + t !== v || v.length > 1) lower.push((v + t).normalize('NFC'));
  const letters = [...lower, ...lower.map((l) => l.toUpperCase())];
  return letters;
}

const fixture = readFileSync(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url), 'utf8');

test('there are 134 letters to convert', () => {
  const letters = vietnameseLetters();
  assert.equal(letters.length, 134);
  assert.equal(new Set(letters).size, 134);
});

test('TCVN3 round trip on every letter, lower and upper case', () => {
  for (const l of vietnameseLetters()) assert.equal(decodeAs(encodeTcvn3(l), 'tcvn3'), l, l);
  assert.equal(encodeTcvn3('á').toString('hex'), 'b8', 'á is 0xB8 in the ABC chart');
  assert.equal(encodeTcvn3('đ').toString('hex'), 'ae');
});

test('VNI round trip on every letter, lower and upper case', () => {
  for (const l of vietnameseLetters()) {
    const bytes = encodeVni(l);
    assert.equal(decodeVni(bytes), l, `${l} → ${bytes.toString('latin1')}`);
    assert.equal(decodeVni(encodeVni(`x${l}x`)), `x${l}x`, `${l} between letters`);
  }
  // Spot checks against the published chart.
  assert.equal(encodeVni('á').toString('latin1'), 'aù');
  assert.equal(encodeVni('ấ').toString('latin1'), 'aá');
  assert.equal(encodeVni('ơ').toString('latin1'), 'ô');
  assert.equal(encodeVni('ô').toString('latin1'), 'oâ');
  assert.equal(encodeVni('Đ').toString('latin1'), 'Ñ');
  assert.equal(encodeVni('ị').toString('latin1'), 'ò');
});

test('detection: UTF-8 stays UTF-8, legacy text is recognised and converted', () => {
  const utf = decodeVietnameseText(Buffer.from(fixture, 'utf8'));
  assert.deepEqual([utf.encoding, utf.sure, utf.text === fixture], ['utf8', true, true]);
  // The fixture's typographic quotes and dashes have no legacy code; plain ones stand in.
  const plain = fixture
    .replace(/[“”]/g, '"')
    .replace(/–/g, '-')
    .replace(/\u00a0/g, ' ');
  for (const [bytes, encoding] of [
    [encodeTcvn3(plain), 'tcvn3'],
    [encodeVni(plain), 'vni'],
  ] as const) {
    const d = decodeVietnameseText(bytes);
    assert.equal(d.encoding, encoding);
    assert.equal(d.sure, true);
    assert.equal(d.text, plain);
  }
});

test('detection is unsure on bytes that read as neither', () => {
  const junk = Buffer.from([0xff, 0xfe, 0x80, 0x20, 0x41, 0xb8, 0xb8, 0xf9, 0xf9, 0x20, 0x9f, 0x9e]);
  assert.equal(decodeVietnameseText(junk).sure, false);
  assert.ok(plausibility('Nghị quyết số 22') > 0.99);
  assert.ok(plausibility('Ngheä quyeát') < 0.5);
});

test('paragraphs pasted from TCVN3 or VNI fonts into UTF-8 text are converted line by line; clean text is never touched', () => {
  const tcvn = encodeTcvn3('Nghị quyết số 22 của Bộ Chính trị về hội nhập').toString('latin1');
  const vni = encodeVni('Đường phố Hà Nội ướt mưa suốt đêm').toString('latin1');
  assert.equal(tcvn, 'NghÞ quyÕt sè 22 cña Bé ChÝnh trÞ vÒ héi nhËp');
  const clean = 'Tiêu đề bài viết\nCà phê sáng ở phố cổ.';
  const mixed = `${clean}\n${tcvn}\n\n${vni}\nDòng cuối vẫn đúng.`;
  const out = repairMisencodedLines(mixed);
  assert.equal(
    out.text,
    `${clean}\nNghị quyết số 22 của Bộ Chính trị về hội nhập\n\nĐường phố Hà Nội ướt mưa suốt đêm\nDòng cuối vẫn đúng.`,
  );
  assert.deepEqual(out.repaired, [
    { line: 3, encoding: 'tcvn3' },
    { line: 5, encoding: 'vni' },
  ]);
  for (const untouched of [
    clean,
    'Cà phê, bánh mì và phở: món ăn Việt Nam.',
    'The café served crème brûlée, a naïve jalapeño dish and smörgåsbord à la carte.',
    'Plain English text, with numbers 1,234.56 and symbols © ® ± × ÷ µ ¶ § ½.',
    'Señor Müller visited São Paulo and Zürich in façade season.',
    'Hà Nội, Đà Nẵng và TP. Hồ Chí Minh',
  ]) {
    const r = repairMisencodedLines(untouched);
    assert.equal(r.text, untouched, untouched);
    assert.deepEqual(r.repaired, []);
  }
});
