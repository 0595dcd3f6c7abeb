/**
 * Words typed with Telex keys while the converter was off ("nghij quyeets" for "nghị quyết"):
 * what they stand for, so search can suggest the word as meant.
 */
import { TONE_MARKS } from './normalize.js';

/** Telex tone keys, as indexes into TONE_MARKS (huyền, sắc, hỏi, ngã, nặng). */
const TONE_KEYS: Record<string, number> = { f: 0, s: 1, r: 2, x: 3, j: 4 };
const SHAPES: Array<[RegExp, string]> = [
  [/dd/g, 'đ'],
  [/uow/g, 'ươ'],
  [/aa/g, 'â'],
  [/aw/g, 'ă'],
  [/ee/g, 'ê'],
  [/oo/g, 'ô'],
  [/ow/g, 'ơ'],
  [/uw/g, 'ư'],
];
const VOWEL = /[aeiouy]/;

export interface SpelledWord {
  /** NFC, lower case, vowel shapes and đ but no tone. */
  base: string;
  /** Index into TONE_MARKS, or -1. */
  tone: number;
}

/** The word a Telex-typed ASCII word stands for, or null when it has no Telex keys in it. */
export function telexWord(word: string): SpelledWord | null {
  if (!/^[a-z]+$/.test(word)) return null;
  let rest = word;
  let tone = -1;
  const last = rest.charAt(rest.length - 1);
  if (last in TONE_KEYS && VOWEL.test(rest.slice(0, -1))) {
    tone = TONE_KEYS[last]!;
    rest = rest.slice(0, -1);
  }
  let base = rest;
  for (const [re, to] of SHAPES) base = base.replace(re, to);
  if (tone < 0 && base === word) return null;
  return { base: base.normalize('NFC'), tone };
}

/** A written word split into its tone and the rest (lower case NFC). */
export function spelling(form: string): SpelledWord {
  const nfd = form.normalize('NFD');
  let tone = -1;
  let base = '';
  for (const ch of nfd) {
    const t = (TONE_MARKS as readonly string[]).indexOf(ch);
    if (t >= 0) tone = t;
    else base += ch;
  }
  return { base: base.normalize('NFC'), tone };
}
