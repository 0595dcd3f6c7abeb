/**
 * A document's word vector on PostgreSQL, written here as tsvector text instead of parsed there by
 * to_tsvector. A rebuild spent nearly a third of the database's time in to_tsvector: its parser
 * converts every word to wide characters and back, then sorts every occurrence to group them. Our
 * folded text is already words of [a-z0-9] split by single spaces, so the same vector is cheap to
 * write here, each word once with its positions; PostgreSQL only sorts the words.
 *
 * It must be exactly the vector to_tsvector makes, PostgreSQL's limits included
 * (test/properties/search-vector.property.test.ts compares them).
 */

/** PostgreSQL leaves longer words out of a tsvector, and they take no position there. */
export const MAX_LEXEME = 2047;
/** Past this position every word of a tsvector is at this one, so any word after it follows the one before. */
export const MAX_POSITION = 16383;
/** to_tsvector keeps this many positions of a word at most... */
const MAX_PARSED_POSITIONS = 255;
/** ...and joining two vectors (`||`) this many. */
export const MAX_POSITIONS_OF_A_WORD = 256;

/** Text that to_tsvector('simple', …) could split at its spaces alone, each word its own lexeme... */
const PLAIN_WORDS = /^[a-z0-9 ]*$/;
/** ...but for a word that begins as a number in scientific notation: "1e5abc" is 1e5 and abc. */
const SPLIT_BY_PARSER = /(?:^| )\d+e\d+[a-z]/;

/** Each word's positions in the text, as to_tsvector keeps them. */
function positionsOf(text: string): Map<string, number[]> {
  const words = new Map<string, number[]>();
  let position = 0;
  for (const word of text.split(' ')) {
    if (!word || word.length > MAX_LEXEME) continue;
    const at = Math.min(++position, MAX_POSITION);
    const list = words.get(word);
    if (!list) words.set(word, [at]);
    else {
      const last = list[list.length - 1]!;
      if (list.length < MAX_PARSED_POSITIONS && last !== MAX_POSITION && last !== at) list.push(at);
    }
  }
  return words;
}

/**
 * The text of `setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', body)`: the
 * body's positions follow the headline's highest, as `||` moves them, up to 256 positions a word and
 * none after the last position. Null when either text holds anything but plain words (a letter
 * beyond ASCII the fold kept, a word the parser splits): PostgreSQL's parser then decides.
 */
export function wordsVector(title: string, body: string): string | null {
  for (const text of [title, body]) if (!PLAIN_WORDS.test(text) || SPLIT_BY_PARSER.test(text)) return null;
  const head = positionsOf(title);
  const rest = positionsOf(body);
  let shift = 0;
  for (const list of head.values()) shift = Math.max(shift, list[list.length - 1]!);
  const out: string[] = [];
  for (const word of new Set([...head.keys(), ...rest.keys()])) {
    const first = head.get(word) ?? [];
    const positions = first.map((p) => `${p}A`);
    let last = first[first.length - 1] ?? 0;
    for (const p of rest.get(word) ?? []) {
      if (positions.length >= MAX_POSITIONS_OF_A_WORD || last === MAX_POSITION) break;
      last = Math.min(p + shift, MAX_POSITION);
      positions.push(String(last));
    }
    out.push(`${word}:${positions.join(',')}`);
  }
  return out.join(' ');
}
