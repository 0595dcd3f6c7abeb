import type { CommentHtml } from '../db/schema.js';
import { escapeHtml, SafeHtml } from '../web/html.js';

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
 * Runs when a comment is written or edited; pages show the stored result.
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
 * Bump when commentTextHtml's output changes: comments stored with an older
 * version are rendered again at start-up (renderStaleCommentHtml).
 */
export const COMMENT_HTML_VERSION = 1;

/** A comment's stored HTML, as commentTextColumns wrote it: the one way comment text reaches a page. */
export function storedCommentHtml(comment: { body_html: string }): SafeHtml {
  return new SafeHtml(comment.body_html);
}

/** A comment's text as stored: the plain text (the source) and its HTML from the one renderer. */
export function commentTextColumns(body: string) {
  return { body, body_html: commentTextHtml(body).value as CommentHtml, body_html_version: COMMENT_HTML_VERSION };
}
