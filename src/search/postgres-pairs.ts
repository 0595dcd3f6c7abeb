/**
 * A phrase's candidates on PostgreSQL, thinned before their vectors are read. GIN answers a phrase
 * with every article that holds its words, and each must then be tested on its body vector, which is
 * toasted: a common two-word phrase ("cơ chế") had about three candidates for each match. So each
 * article also keeps a signature of the pairs of adjacent words in its vector, a fixed-size bit
 * string in its row (two bits a pair, set by a hash), and a candidate whose signature lacks a bit of
 * the phrase's pairs cannot match and is never read. A bit may also be set by another pair, so a
 * candidate that has them all is still tested on its vector; but a signature must never lack a bit of
 * a pair its vector holds side by side.
 */
import { MAX_LEXEME, MAX_POSITION, MAX_POSITIONS_OF_A_WORD } from './postgres-vector.js';
import type { QueryGroup } from './query.js';

export const PAIR_BITS = 2048;

/** Sets the two bits of a pair of adjacent words: FNV-1a of "first second", its low 11 bits and the next 11. */
function setPair(bits: Uint8Array, first: string, second: string): void {
  let h = 0x811c9dc5;
  const text = `${first} ${second}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  for (const bit of [h & (PAIR_BITS - 1), (h >>> 11) & (PAIR_BITS - 1)]) bits[bit >> 3]! |= 0x80 >> (bit & 7);
}

/** Bits as PostgreSQL reads a bit string in hexadecimal: `x` and two digits a byte. */
function bitText(bits: Uint8Array): string {
  return `x${Buffer.from(bits).toString('hex')}`;
}

/**
 * The signature of a document vector made from a headline's and a body's folded words, as
 * postgres-index.ts makes it (the body's positions follow the headline's last), as text for
 * `::bit(2048)`. Null when the vector's positions would not follow the words one by one
 * (more words than positions; a headline whose words could lose positions): then no pair is ruled out.
 */
export function pairSignature(title: string, body: string): string | null {
  const bits = new Uint8Array(PAIR_BITS / 8);
  let previous: string | null = null;
  let positions = 0;
  for (const [part, text] of [title, body].entries()) {
    for (let at = 0; at < text.length;) {
      let end = text.indexOf(' ', at);
      if (end < 0) end = text.length;
      if (end > at && end - at <= MAX_LEXEME) {
        const word = text.slice(at, end);
        if (++positions > MAX_POSITION) return null;
        if (previous !== null) setPair(bits, previous, word);
        previous = word;
      }
      at = end + 1;
    }
    // The body is shifted by the headline's highest position kept, and a word keeps 256 at most.
    if (part === 0 && positions > MAX_POSITIONS_OF_A_WORD) return null;
  }
  return bitText(bits);
}

/**
 * The bits every match of the query's phrases has in its signature, as pairSignature writes them, or
 * null when it has no pair of whole words (no phrase, or only a word and a prefix).
 */
export function phraseMask(groups: readonly QueryGroup[], prefix: boolean): string | null {
  const bits = new Uint8Array(PAIR_BITS / 8);
  let any = false;
  groups.forEach((g, i) => {
    // A prefix ends the last group: its pair with the word before has no one second word.
    const whole = prefix && i === groups.length - 1 ? g.terms.length - 1 : g.terms.length;
    for (let t = 1; t < whole; t++) {
      setPair(bits, g.terms[t - 1]!, g.terms[t]!);
      any = true;
    }
  });
  return any ? bitText(bits) : null;
}
