/**
 * Parser for articles copied from a news page as plain text:
 *
 *   headline
 *   HH:mm dd/MM/yyyy            (publish time, Vietnam time)
 *   sapo paragraph
 *
 *   body paragraph …
 *
 *   byline                      (optional: short, no final punctuation)
 *
 *       page chrome             (dropped: "Ý kiến bạn đọc", "ĐĂNG NHẬP", …)
 *
 * Each non-blank line is one paragraph: text copied from a web page is not
 * hard-wrapped, every line break there was a <p> or <br>. Blank lines only
 * separate.
 */

import { foldForSearch } from '../vi/fold.js';
import { parseVnDateTime } from '../vi/dates.js';

export interface PlainTextArticle {
  title: string;
  /** UTC ISO string. */
  publishedAt: string;
  /** First paragraph (the lead, "sapo" in Vietnamese newsrooms). */
  sapo: string;
  /** The paragraphs after the sapo. */
  paragraphs: string[];
  byline: string | null;
}

/** On failure `line` is 1-based and `message` is ready to print (`line N: …`). */
export type ParseResult = { ok: true; article: PlainTextArticle } | { ok: false; line: number; message: string };

export const MAX_TITLE_LENGTH = 300;
const MAX_BYLINE_LENGTH = 40;
const MAX_CHROME_LENGTH = 40;

// C0 controls except tab/newline, DEL, C1 controls (a sign of mis-decoded
// bytes), U+FFFD (bytes that were not UTF-8), and non-characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd\ufffe\uffff]/;
// Site furniture copied along with the article, compared folded and lower-cased.
const CHROME = new Set(['y kien ban doc', 'dang nhap']);
// A byline does not end a sentence; these do (quotes end quoted sentences).
const SENTENCE_END = /[.!?…:;,"”’»]$/;
const LETTER = /\p{L}/u;
const INDENTED = /^[\t \u00a0]/;

const isBlank = (line: string): boolean => line.trim() === '';

/** Trim, and collapse runs of spaces (copy-paste leaves "\u00a0 " pairs) and tabs to one space. */
function clean(line: string): string {
  return line.replace(/[^\S\n]{2,}|\t/g, ' ').trim();
}

function isChrome(line: string): boolean {
  return CHROME.has(foldForSearch(clean(line)));
}

function isBylineShaped(line: string): boolean {
  const text = clean(line);
  return [...text].length <= MAX_BYLINE_LENGTH && LETTER.test(text) && !SENTENCE_END.test(text);
}

function quote(line: string | undefined): string {
  if (line === undefined) return 'end of file';
  const text = line.trim();
  const chars = [...text];
  return JSON.stringify(chars.length > 60 ? chars.slice(0, 60).join('') + '…' : text);
}

function fail(line: number, message: string): ParseResult {
  return { ok: false, line, message: `line ${line}: ${message}` };
}

export function parsePlainTextArticle(text: string): ParseResult {
  // BOM first: NFC keeps U+FEFF, and it would otherwise glue onto the headline.
  const source = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).normalize('NFC');
  const lines = source.split(/\r\n|\r|\n/);

  for (let i = 0; i < lines.length; i++) {
    const m = BINARY.exec(lines[i] ?? '');
    if (m !== null) {
      const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      return fail(i + 1, `contains the character U+${code}; this does not look like a UTF-8 text file`);
    }
  }

  const titleIndex = lines.findIndex((line) => !isBlank(line));
  if (titleIndex < 0)
    return fail(1, 'the file is empty; expected a headline, then the publish time as HH:mm dd/MM/yyyy');
  const title = clean(lines[titleIndex] ?? '');
  const titleLength = [...title].length;
  if (titleLength > MAX_TITLE_LENGTH) {
    return fail(
      titleIndex + 1,
      `the headline is ${titleLength} characters long; at most ${MAX_TITLE_LENGTH} are allowed`,
    );
  }

  let timeIndex = titleIndex + 1;
  while (timeIndex < lines.length && isBlank(lines[timeIndex] ?? '')) timeIndex++;
  const timeLine = lines[timeIndex];
  const publishedAt = timeLine === undefined ? null : parseVnDateTime(timeLine);
  if (publishedAt === null) {
    // At end of file, point at the line after the headline, where the time belongs.
    const line = timeLine === undefined ? titleIndex + 2 : timeIndex + 1;
    return fail(line, `expected the publish time as HH:mm dd/MM/yyyy, got ${quote(timeLine)}`);
  }

  const bodyStart = timeIndex + 1;
  const { lastBodyIndex, byline } = findBodyEnd(lines, bodyStart);
  const paragraphs: string[] = [];
  for (let i = bodyStart; i <= lastBodyIndex; i++) {
    const line = lines[i] ?? '';
    if (!isBlank(line)) paragraphs.push(clean(line));
  }
  const [sapo, ...rest] = paragraphs;
  if (sapo === undefined) {
    return fail(bodyStart + 1, 'expected at least one paragraph after the publish time, got end of file');
  }
  return { ok: true, article: { title, publishedAt, sapo, paragraphs: rest, byline } };
}

/**
 * Where the article body ends, and its byline. Trailing blank lines and known
 * chrome are always dropped. A byline is the last line that is neither chrome
 * nor short and indented, when it is byline-shaped and not the only
 * paragraph; the short indented lines after it are page chrome too. Without a
 * byline, indented trailing lines are kept: some writers indent paragraphs.
 */
function findBodyEnd(lines: string[], bodyStart: number): { lastBodyIndex: number; byline: string | null } {
  const lastWhere = (skip: (line: string) => boolean): number => {
    let i = lines.length - 1;
    while (i >= bodyStart && skip(lines[i] ?? '')) i--;
    return i;
  };
  const hasTextBefore = (index: number): boolean => {
    for (let i = bodyStart; i < index; i++) if (!isBlank(lines[i] ?? '')) return true;
    return false;
  };
  const asByline = (index: number): { lastBodyIndex: number; byline: string | null } | null => {
    const line = lines[index];
    if (index < bodyStart || line === undefined || !isBylineShaped(line) || !hasTextBefore(index)) return null;
    return { lastBodyIndex: index - 1, byline: clean(line) };
  };

  const lastContent = lastWhere((line) => isBlank(line) || isChrome(line));
  // Only short indented lines pass for chrome (menus, buttons), never an
  // indented paragraph.
  const lastUnindented = lastWhere(
    (line) => isBlank(line) || isChrome(line) || (INDENTED.test(line) && [...clean(line)].length <= MAX_CHROME_LENGTH),
  );
  return asByline(lastUnindented) ?? asByline(lastContent) ?? { lastBodyIndex: lastContent, byline: null };
}
