/**
 * Old agency documents arrive in TCVN3 (ABC) or VNI-Windows rather than
 * Unicode. Detection decodes the bytes both ways and keeps the reading whose
 * words look like Vietnamese syllables; a wrong reading produces symbols
 * (¸, ¬) or impossible vowel runs (quyeịt).
 */
import iconv from 'iconv-lite';
import { foldVietnamese } from './fold.js';
import { decodeVni } from './vni.js';

export const TEXT_ENCODINGS = ['utf8', 'tcvn3', 'vni'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** False when the bytes were not UTF-8 and neither legacy reading was clearly right. */
  sure: boolean;
  /** Share of marked words that are well-formed syllables (1 for UTF-8). */
  plausibility: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeAs(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 'utf8') return utf8.decode(bytes);
  if (encoding === 'tcvn3') return iconv.decode(Buffer.from(bytes), 'tcvn').normalize('NFC');
  return decodeVni(bytes);
}

/** Unicode → TCVN3 bytes (tests and tools: the site itself only reads TCVN3). */
export function encodeTcvn3(text: string): Buffer {
  return iconv.encode(text.normalize('NFC'), 'tcvn');
}

/** UTF-8 when the bytes are valid UTF-8; otherwise the more plausible of TCVN3 and VNI. */
export function decodeVietnameseText(bytes: Uint8Array): DecodedText {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf8', sure: true, plausibility: 1 };
  } catch {
    // Not UTF-8: fall through to the legacy encodings.
  }
  const readings = (['tcvn3', 'vni'] as const).map((encoding) => {
    const text = decodeAs(bytes, encoding);
    return { text, encoding, score: plausibility(text) };
  });
  readings.sort((a, b) => b.score - a.score);
  const [best, other] = readings as [(typeof readings)[0], (typeof readings)[0]];
  const sure = best.score >= 0.8 && best.score - other.score >= 0.3;
  return { text: best.text, encoding: best.encoding, sure, plausibility: best.score };
}

const ONSET = /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?/;
const CODA = /(ng|nh|ch|[cmnpt])?$/;
const NUCLEI = new Set(
  'a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ya ye ieu yeu oai oao oay oeo uay uoi uou uya uye uyu'.split(
    ' ',
  ),
);
const MARKED = /[^\p{ASCII}]/u;

/** Share of words with non-ASCII letters that are well-formed Vietnamese syllables. */
export function plausibility(text: string): number {
  let marked = 0;
  let good = 0;
  for (const [word] of text.matchAll(/[^\s\d.,;:!?()"'“”\-–/]+/g)) {
    if (!MARKED.test(word)) continue;
    marked++;
    if (isSyllable(word)) good++;
  }
  return marked === 0 ? 0 : good / marked;
}

const VIETNAMESE_LETTER = /^[a-zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]+$/;
const TONED = /[àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/g;

function isSyllable(word: string): boolean {
  const w = word.toLowerCase();
  if (!VIETNAMESE_LETTER.test(w) || (w.match(TONED)?.length ?? 0) > 1) return false;
  const plain = foldVietnamese(w);
  const afterOnset = plain.replace(ONSET, '');
  const nucleus = afterOnset.replace(CODA, '');
  return NUCLEI.has(nucleus) || (nucleus === '' && /^gi/.test(plain));
}

export interface RepairedLine {
  /** 1-based. */
  line: number;
  encoding: 'tcvn3' | 'vni';
}

/** A line with a character from Latin-1's upper half: the only ones legacy text pasted as Unicode shows as. */
const LATIN1_UPPER = /[\u0080-\u00ff]/;
/**
 * A character that neither Latin-1 nor Windows-1252 holds (ư, đ, ế, …): such a line has no legacy
 * bytes to read (latin1Bytes), so it is left as it is without weighing its words, which cost more
 * than the rest of a plain-text import's reading.
 */
const NOT_LATIN1 =
  // eslint-disable-next-line no-control-regex -- every Latin-1 character, controls included, is readable
  /[^\u0000-\u00ff\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]/;
/** Well-formed words a converted line must have, so a stray accented name is never "converted". */
const MIN_REPAIRED_WORDS = 2;

/**
 * Text that is valid UTF-8 but has paragraphs pasted from an old font: TCVN3 or VNI bytes that
 * arrived as the Latin-1 (or Windows-1252) characters of those bytes ("NghÞ quyÕt", "Nghò
 * quyeát"). Each line is converted when it is not Vietnamese as it stands and one legacy reading
 * of its characters' bytes clearly is; any other line is left exactly as it was.
 */
export function repairMisencodedLines(text: string): { text: string; repaired: RepairedLine[] } {
  const repaired: RepairedLine[] = [];
  const lines = text.split('\n').map((line, i) => {
    if (!LATIN1_UPPER.test(line) || NOT_LATIN1.test(line) || plausibility(line) >= 0.5) return line;
    const bytes = latin1Bytes(line);
    if (!bytes) return line;
    const readings = (['tcvn3', 'vni'] as const)
      .map((encoding) => {
        const fixed = decodeAs(bytes, encoding);
        return { encoding, fixed, score: plausibility(fixed), words: markedWords(fixed) };
      })
      .sort((a, b) => b.score - a.score);
    const [best, other] = readings as [(typeof readings)[0], (typeof readings)[0]];
    if (best.score < 0.8 || best.score - other.score < 0.3 || best.words < MIN_REPAIRED_WORDS) return line;
    repaired.push({ line: i + 1, encoding: best.encoding });
    return best.fixed;
  });
  return { text: repaired.length ? lines.join('\n') : text, repaired };
}

/** The bytes a line's characters stand for in Latin-1, or in Windows-1252 for its 0x80-0x9F; null if neither holds them. */
function latin1Bytes(line: string): Buffer | null {
  let latin1 = true;
  for (let i = 0; i < line.length && latin1; i++) latin1 = line.charCodeAt(i) <= 0xff;
  if (latin1) return Buffer.from(line, 'latin1');
  const bytes = iconv.encode(line, 'win1252');
  return iconv.decode(bytes, 'win1252') === line ? bytes : null;
}

function markedWords(text: string): number {
  let n = 0;
  for (const [word] of text.matchAll(/[^\s\d.,;:!?()"'“”\-–/]+/g)) if (MARKED.test(word) && isSyllable(word)) n++;
  return n;
}
