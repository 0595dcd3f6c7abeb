/**
 * Unicode and tone-placement normalisation for Vietnamese text.
 *
 * Text is stored NFC (DESIGN.md). Tone placement is normalised only to build
 * comparison/search keys, never for display: writers legitimately use either
 * style and we show what they typed.
 */

import { foldVietnamese } from './fold.js';

/** NFC, the form all text is stored in. */
export function toNfc(s: string): string {
  return s.normalize('NFC');
}

/** Combining tone marks: huyền, sắc, hỏi, ngã, nặng. */
export const TONE_MARKS = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'] as const;
/** Combining vowel-shape marks: circumflex (â ê ô), breve (ă), horn (ơ ư). */
export const VOWEL_MARKS = ['\u0302', '\u0306', '\u031b'] as const;

const TONE_SET = new Set<string>(TONE_MARKS);
const VOWEL_MARK_SET = new Set<string>(VOWEL_MARKS);

interface Toned {
  base: string;
  /** Index into TONE_MARKS, or -1 for no tone. */
  tone: number;
}

// Only the plain letters of the oa/oe/uy clusters need (de)composing here.
const SPLIT = new Map<string, Toned>();
const COMPOSE = new Map<string, string>();
for (const base of 'oaeuyOAEUY') {
  SPLIT.set(base, { base, tone: -1 });
  TONE_MARKS.forEach((mark, tone) => {
    const ch = (base + mark).normalize('NFC');
    SPLIT.set(ch, { base, tone });
    COMPOSE.set(base + tone, ch);
  });
}

function compose(base: string, tone: number): string {
  return tone < 0 ? base : (COMPOSE.get(base + tone) ?? base);
}

function charClass(bases: string): string {
  return [...SPLIT.entries()]
    .filter(([, t]) => bases.includes(t.base))
    .map(([ch]) => ch)
    .join('');
}

// A glide o/u (possibly toned) followed by a nucleus a/e/y (possibly toned).
// Which pairs are real (oa, oe, uy) is checked in the callback.
const CLUSTER = new RegExp(`([${charClass('oOuU')}])([${charClass('aAeEyY')}])`, 'g');
const LETTER = /\p{L}/u;
const LEFTOVER_MARK = /[\u0300-\u036f]/;

function isVowelLetter(ch: string): boolean {
  return 'aeiouyAEIOUY'.includes(foldVietnamese(ch));
}

/**
 * Canonical tone placement, for comparisons and search keys only.
 *
 * Canonical style: the "old" style (kiểu cũ) — hòa, khỏe, thủy, ủy — which is
 * what most Vietnamese newspapers print and what the seed article uses, so
 * stored text usually needs no change. Concretely, for the clusters oa, oe
 * and uy:
 * - at the end of a syllable the tone sits on the first vowel: hoà → hòa,
 *   khoẻ → khỏe, thuỷ → thủy, uỷ → ủy;
 * - when a letter follows (closed syllable or triphthong) it sits on the
 *   second vowel in both styles, so misplaced marks are fixed: hòan → hoàn,
 *   ngòai → ngoài, khủyu → khuỷu.
 * After q the u belongs to the consonant (quý, quả, quỳnh are untouched), and
 * gi is never affected because none of the clusters starts with i.
 *
 * Input may be NFC or NFD; output is NFC. Case is preserved per letter, so
 * "Hoà" → "Hòa" and "HOÀ" → "HÒA".
 */
export function normalizeTonePlacement(s: string): string {
  let t = s.normalize('NFC');
  // Marks left uncomposed after NFC mean a tone was typed before the vowel
  // mark (e.g. e + ◌́ + ◌̂); reorder so it composes into ế.
  if (LEFTOVER_MARK.test(t)) t = reorderMarks(t);
  return t.replace(CLUSTER, (match: string, g1: string, g2: string, offset: number, whole: string) => {
    const a = SPLIT.get(g1);
    const b = SPLIT.get(g2);
    if (a === undefined || b === undefined) return match;
    const first = a.base.toLowerCase();
    const second = b.base.toLowerCase();
    const real = (first === 'o' && (second === 'a' || second === 'e')) || (first === 'u' && second === 'y');
    if (!real) return match;
    // Nothing to move (no tone), or ambiguous (two tones): leave as typed.
    if (a.tone < 0 === b.tone < 0) return match;
    const prev = offset > 0 ? whole.charAt(offset - 1) : '';
    // qu: the u is part of the consonant; a vowel before means a longer
    // cluster (not a Vietnamese oa/oe/uy syllable), so leave it.
    if (prev !== '' && (prev === 'q' || prev === 'Q' || isVowelLetter(prev))) return match;
    const next = whole.charAt(offset + match.length);
    const closed = next !== '' && LETTER.test(next);
    const tone = a.tone >= 0 ? a.tone : b.tone;
    return closed ? a.base + compose(b.base, tone) : compose(a.base, tone) + b.base;
  });
}

/**
 * Key for case-insensitive comparison: NFC, canonical tone placement, lower
 * case. "Hoà", "hòa" and "HÒA" share one key; "hoa" and "hóa" do not.
 */
export function normalizeForCompare(s: string): string {
  return normalizeTonePlacement(s).toLowerCase();
}

/** Within each base+marks cluster put vowel-shape marks before tone marks, then NFC. */
function reorderMarks(s: string): string {
  const nfd = s.normalize('NFD');
  let out = '';
  let i = 0;
  while (i < nfd.length) {
    let j = i + 1;
    while (j < nfd.length && LEFTOVER_MARK.test(nfd.charAt(j))) j++;
    if (j - i > 2) {
      const marks = [...nfd.slice(i + 1, j)];
      const shape = marks.filter((m) => VOWEL_MARK_SET.has(m));
      const tones = marks.filter((m) => TONE_SET.has(m));
      const other = marks.filter((m) => !VOWEL_MARK_SET.has(m) && !TONE_SET.has(m));
      out += nfd.charAt(i) + shape.join('') + tones.join('') + other.join('');
    } else {
      out += nfd.slice(i, j);
    }
    i = j;
  }
  return out.normalize('NFC');
}
