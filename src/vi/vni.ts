/**
 * VNI-Windows: the font encoding in which each Vietnamese letter is an ASCII
 * base letter followed by one or two Latin-1 bytes that the VNI fonts draw as
 * marks (a + 0xF9 "ù" shows as á). Table written from the published VNI
 * charts; no maintained npm package has it.
 */

/** Tone marks after a plain vowel: [sắc, huyền, hỏi, ngã, nặng], lower then upper case. */
const TONE = { lower: ['ù', 'ø', 'û', 'õ', 'ï'], upper: ['Ù', 'Ø', 'Û', 'Õ', 'Ï'] };
/** Circumflex (â ê ô) with [none, sắc, huyền, hỏi, ngã, nặng]. */
const CIRCUMFLEX = { lower: ['â', 'á', 'à', 'å', 'ã', 'ä'], upper: ['Â', 'Á', 'À', 'Å', 'Ã', 'Ä'] };
/** Breve (ă) with [none, sắc, huyền, hỏi, ngã, nặng]. */
const BREVE = { lower: ['ê', 'é', 'è', 'ú', 'ü', 'ë'], upper: ['Ê', 'É', 'È', 'Ú', 'Ü', 'Ë'] };
/** i with [sắc, huyền, hỏi, ngã, nặng] are single bytes. */
const I_TONED = { lower: ['í', 'ì', 'æ', 'ó', 'ò'], upper: ['Í', 'Ì', 'Æ', 'Ó', 'Ò'] };
const TONE_MARKS = ['\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

/** Unicode letter (NFC) → VNI bytes as a Latin-1 string. */
function buildTable(): Map<string, string> {
  const t = new Map<string, string>();
  for (const c of ['lower', 'upper'] as const) {
    const up = (s: string) => (c === 'upper' ? s.toUpperCase() : s);
    const put = (letter: string, vni: string) => t.set(letter.normalize('NFC'), vni);
    for (const v of ['a', 'e', 'o', 'u', 'y']) {
      TONE_MARKS.forEach((mark, i) => put(up(v) + mark, up(v) + TONE[c][i]));
    }
    TONE_MARKS.forEach((mark, i) => put(up('i') + mark, I_TONED[c][i]!));
    // ỵ is a single byte too.
    put(up('y') + '\u0323', c === 'upper' ? 'Î' : 'î');
    for (const v of ['a', 'e', 'o']) {
      ['', ...TONE_MARKS].forEach((mark, i) => put(up(v) + '\u0302' + mark, up(v) + CIRCUMFLEX[c][i]));
    }
    ['', ...TONE_MARKS].forEach((mark, i) => put(up('a') + '\u0306' + mark, up('a') + BREVE[c][i]));
    // ơ and ư are single bytes, followed by a tone mark when toned.
    const horn: Array<[string, string]> = [
      ['o', c === 'upper' ? 'Ô' : 'ô'],
      ['u', c === 'upper' ? 'Ö' : 'ö'],
    ];
    for (const [v, byte] of horn) {
      ['', ...TONE_MARKS].forEach((mark, i) => put(up(v) + '\u031b' + mark, byte + (i === 0 ? '' : TONE[c][i - 1])));
    }
    put(c === 'upper' ? 'Đ' : 'đ', c === 'upper' ? 'Ñ' : 'ñ');
  }
  return t;
}

const TO_VNI = buildTable();
const FROM_VNI = new Map([...TO_VNI].map(([u, v]) => [v, u]));
/** Two-byte sequences first, so "oâ" is ô and not o + ơ's byte. */
const DECODE = new RegExp(
  [...FROM_VNI.keys()]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

export function decodeVni(bytes: Uint8Array): string {
  return Buffer.from(bytes)
    .toString('latin1')
    .replace(DECODE, (s) => FROM_VNI.get(s) ?? s)
    .normalize('NFC');
}

/** Unicode → VNI bytes; characters outside Latin-1 that are not Vietnamese letters become "?". */
export function encodeVni(text: string): Buffer {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const vni = TO_VNI.get(ch);
    out += vni ?? (ch.charCodeAt(0) < 0x100 ? ch : '?');
  }
  return Buffer.from(out, 'latin1');
}
