import { escapeHtml, SafeHtml } from '../web/html.js';
import { asUtf8Bytes, utf8BytesToText, type Utf8Bytes } from '../web/utf8-bytes.js';

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}»"']+$/;
const PARAGRAPH_BREAK = /\n{2,}/;

function linkify(line: string): string {
  // Most lines hold no address; URL_PATTERN cannot match without this substring.
  if (!line.includes('http')) return escapeHtml(line);
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const shown = escapeHtml(url);
    out += `${escapeHtml(line.slice(last, match.index))}<a href="${shown}" rel="nofollow ugc noopener">${shown}</a>`;
    last = match.index + url.length;
  }
  return out + escapeHtml(line.slice(last));
}

/**
 * A reader's plain text as HTML: every character escaped, blank lines make
 * paragraphs, single breaks stay, and only http(s) addresses become links.
 * Built as one string: an article page renders fifty of these, and a
 * template per paragraph, line and link cost more than the rest of each comment.
 */
export function commentTextHtml(body: string): SafeHtml {
  if (!body.includes('\n')) return new SafeHtml(`<p>${linkify(body)}</p>`);
  let out = '';
  for (const para of body.split(PARAGRAPH_BREAK)) {
    const lines = para.split('\n');
    out += `<p>${linkify(lines[0]!)}`;
    for (let i = 1; i < lines.length; i++) out += `<br>${linkify(lines[i]!)}`;
    out += '</p>';
  }
  return new SafeHtml(out);
}

/**
 * The same for text kept as UTF-8 bytes (see utf8-bytes.ts). Without an
 * address only escaping and line breaks apply, which work on the bytes as
 * they are; the rare comment with one goes through commentTextHtml, so links
 * are found by one set of rules.
 */
export function commentBytesHtml(body: Utf8Bytes): Utf8Bytes {
  if (body.includes('http')) return asUtf8Bytes(commentTextHtml(utf8BytesToText(body)).value);
  return commentTextHtml(body).value as Utf8Bytes;
}
