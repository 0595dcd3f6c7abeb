/**
 * Folding Vietnamese text to plain ASCII letters for search keys and slugs.
 *
 * NFD + "strip combining marks" is the usual trick, but it leaves đ/Đ alone
 * (they are separate letters, not d + mark) and is several times slower than a
 * lookup table when folding a whole archive (bench/README.md). The table also maps the combining
 * marks themselves to nothing, so NFD input folds to the same result as NFC
 * input without normalising first.
 */

/** Table entries: 0 = keep the code unit, DELETE = drop it, else the replacement. */
const DELETE = 0xffff;
/** Everything we fold lives below U+2000 (Latin ranges + combining marks). */
const TABLE_SIZE = 0x2000;

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(TABLE_SIZE);
  // Combining diacritical marks (tones, circumflex, breve, horn, …) in NFD text.
  for (let c = 0x0300; c <= 0x036f; c++) table[c] = DELETE;
  // Any precomposed letter whose NFD is an ASCII letter + marks (ấ, ự, é, ñ, …);
  // derived from Unicode data rather than a hand-written list.
  for (let c = 0x80; c < TABLE_SIZE; c++) {
    if (c >= 0x0300 && c <= 0x036f) continue;
    const nfd = String.fromCharCode(c).normalize('NFD');
    if (nfd.length < 2) continue;
    const first = nfd.charCodeAt(0);
    if (first >= 0x80) continue;
    let onlyMarks = true;
    for (let i = 1; i < nfd.length; i++) {
      const m = nfd.charCodeAt(i);
      if (m < 0x0300 || m > 0x036f) onlyMarks = false;
    }
    if (onlyMarks) table[c] = first;
  }
  // đ/Đ have no decomposition. U+00D0/U+00F0 (eth) look identical to Đ/đ and
  // turn up in text converted from legacy encodings, so fold them too.
  table[0x0110] = 0x44; // Đ → D
  table[0x0111] = 0x64; // đ → d
  table[0x00d0] = 0x44; // Ð → D
  table[0x00f0] = 0x64; // ð → d
  return table;
}

// One reusable output buffer: folding is synchronous, so sharing is safe, and
// it saves an allocation per article when folding a whole archive.
const REUSABLE_MAX = 1 << 20;
let scratch = new Uint16Array(1 << 14);
// fatal: a lone surrogate would otherwise be silently turned into U+FFFD.
const utf16 = new TextDecoder('utf-16le', { fatal: true });

/**
 * Remove tone marks and vowel marks (ă â ê ô ơ ư, the five tones, and other
 * Latin diacritics) and map đ→d, Đ→D. Keeps case; NFC and NFD input give the
 * same result.
 */
export function foldVietnamese(s: string): string {
  const n = s.length;
  let i = 0;
  // Fast path: nothing to fold (ASCII text, or already folded).
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && c < TABLE_SIZE && TABLE[c] !== 0) break;
  }
  if (i === n) return s;

  let buf = scratch;
  if (buf.length < n) {
    buf = new Uint16Array(n);
    if (n <= REUSABLE_MAX) scratch = buf;
  }
  for (let k = 0; k < i; k++) buf[k] = s.charCodeAt(k);
  let j = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && c < TABLE_SIZE) {
      const t = TABLE[c] as number;
      if (t !== 0) {
        if (t !== DELETE) buf[j++] = t;
        continue;
      }
    }
    buf[j++] = c;
  }
  try {
    return utf16.decode(buf.subarray(0, j));
  } catch {
    return foldBySlices(s);
  }
}

/** Slower exact path for strings with unpaired surrogates (kept verbatim). */
function foldBySlices(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || c >= TABLE_SIZE) continue;
    const t = TABLE[c] as number;
    if (t === 0) continue;
    out += s.slice(start, i);
    if (t !== DELETE) out += String.fromCharCode(t);
    start = i + 1;
  }
  return out + s.slice(start);
}

/** Lower-cased folded text: the key search indexes and queries are compared on. */
export function foldForSearch(s: string): string {
  return foldVietnamese(s).toLowerCase();
}
