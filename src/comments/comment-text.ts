import { html, type SafeHtml } from '../web/html.js';

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}»"']+$/;

function linkify(line: string): SafeHtml[] {
  const out: SafeHtml[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    out.push(html`${line.slice(last, start)}<a href="${url}" rel="nofollow ugc noopener">${url}</a>`);
    last = start + url.length;
  }
  out.push(html`${line.slice(last)}`);
  return out;
}

/**
 * A reader's plain text as HTML: every character escaped, blank lines make
 * paragraphs, single breaks stay, and only http(s) addresses become links.
 */
export function commentTextHtml(body: string): SafeHtml {
  return html`${body
    .split(/\n{2,}/)
    .map((para) => html`<p>${para.split('\n').map((line, i) => html`${i ? html`<br>` : ''}${linkify(line)}`)}</p>`)}`;
}
