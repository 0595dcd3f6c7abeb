/**
 * References to legal documents in running text, as people write them:
 * "Nghị quyết số 22-NQ/TW", "NQ 22-NQ/TW", "42 / 2022 / NĐ - CP", "nđ-cp",
 * a line break inside, a list "các Nghị định 42/2022/NĐ-CP và 13/2023/NĐ-CP".
 * Each reference comes with its span in the text (so a link can wrap exactly
 * what was written) and a key that two spellings of one code share.
 */

/** Abbreviations that stand for a type before a number ("NQ 22-NQ/TW") and open a code's letters. */
const ABBREVIATIONS = ['ttlt', 'nq', 'nđ', 'nd', 'qđ', 'qd', 'tt', 'ct', 'kh'];

/** The words a type is written with before its number; the longest alternatives first. */
const TYPE_WORDS = [
  'thông tư liên tịch',
  'nghị quyết',
  'nghị định',
  'thông tư',
  'quyết định',
  'chỉ thị',
  'kế hoạch',
  'công văn',
  'thông báo',
  'báo cáo',
  'hướng dẫn',
  'quy chế',
  'quy định',
  'pháp lệnh',
  'luật',
  ...ABBREVIATIONS,
];

/**
 * Abbreviations that may open a code's letters. Only these: with lower case
 * and spaces allowed, "12 - ba" or "3/4 - TP" must not pass for a code.
 */
const KINDS = [...ABBREVIATIONS, 'ubnd', 'tb', 'cv', 'bc', 'hd', 'hđ', 'qc', 'pl', 'kl'];

const words = (w: string) => w.replace(/ /g, '\\s+');
const SEP = '\\s*[-/]\\s*';
const REFERENCE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${TYPE_WORDS.map(words).join('|')})\\s+(?:số\\s+)?)?` +
    `(\\d{1,5})(?:\\s*/\\s*(\\d{4}))?(${SEP})(${KINDS.sort((a, b) => b.length - a.length).join('|')})` +
    `((?:${SEP}[\\p{L}\\p{N}]{1,12})*)(?![\\p{L}\\p{N}])`,
  'giu',
);
const TAIL_PART = /\s*([-/])\s*([\p{L}\p{N}]{1,12})/uy;
/** What every reference holds: a number, a separator and a kind. Most texts have none, and this is quick to tell. */
const MAYBE_REFERENCE = new RegExp(`\\d${SEP}(?:${KINDS.join('|')})`, 'iu');

export interface DocumentReference {
  /** Offsets in the text given (which should be NFC). */
  start: number;
  end: number;
  /** The reference as written, type words included: what a link's text is. */
  text: string;
  /** The code's key (documentCodeKey): "42/2022/ND-CP". */
  key: string;
}

const isUpper = (s: string) => s === s.toUpperCase() && s !== s.toLowerCase();
const isLower = (s: string) => s === s.toLowerCase();

/** Every reference in the text, in order. */
export function findDocumentReferences(text: string): DocumentReference[] {
  const out: DocumentReference[] = [];
  if (!MAYBE_REFERENCE.test(text)) return out;
  for (const m of text.matchAll(REFERENCE)) {
    const [whole, number, year, sep, kind, tail] = m as unknown as [
      string,
      string,
      string | undefined,
      string,
      string,
      string,
    ];
    // The issuer's parts follow the kind's case: "22-NQ/TW - Trung ương" ends at TW, "nđ-cp" is lower throughout.
    const lowerCode = isLower(kind);
    let kept = '';
    let keyTail = '';
    TAIL_PART.lastIndex = 0;
    while (TAIL_PART.lastIndex < tail.length) {
      const at = TAIL_PART.lastIndex;
      const part = TAIL_PART.exec(tail);
      if (!part) break;
      const letters = part[2]!;
      if (!(isUpper(letters) || /^\d+$/.test(letters) || (lowerCode && isLower(letters)))) break;
      kept = tail.slice(0, at + part[0].length);
      keyTail += part[1]! + letters;
    }
    const end = m.index + whole.length - (tail.length - kept.length);
    out.push({
      start: m.index,
      end,
      text: text.slice(m.index, end),
      key: keyOf(number, year, sep.trim(), kind + keyTail),
    });
  }
  return out;
}

function keyOf(number: string, year: string | undefined, sep: string, letters: string): string {
  const n = String(Number(number));
  return `${n}${year ? `/${year}` : ''}${sep}${letters.toUpperCase().replace(/Đ/g, 'D')}`;
}

/**
 * The key of a document's own code, the same for "42/2022/NĐ-CP", "42/2022/ND-CP"
 * and "42 / 2022 / nđ-cp". A code the recogniser does not read is keyed as
 * written, in upper case without spaces, so it still finds itself.
 */
export function documentCodeKey(code: string): string {
  const text = code.normalize('NFC').trim();
  const refs = findDocumentReferences(text);
  const ref = refs[0];
  if (ref && ref.start === 0 && ref.end === text.length) return ref.key;
  return text.replace(/\s+/g, '').toUpperCase().replace(/Đ/g, 'D');
}
