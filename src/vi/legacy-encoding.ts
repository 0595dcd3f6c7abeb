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
