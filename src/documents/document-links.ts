import { escapeHtml } from '../web/html.js';
import { findDocumentReferences } from '../vi/document-references.js';

const TAG = /<[^>]*>/g;

/**
 * Sanitised HTML with each reference to a known code wrapped in a link; the
 * link's text is the reference exactly as written. Only text between tags is
 * read, and never inside an existing link.
 */
export function linkReferences(html: string, links: ReadonlyMap<string, string>): string {
  let out = '';
  let last = 0;
  let inLink = 0;
  const text = (segment: string) => (inLink ? segment : linkText(segment, links));
  for (const m of html.matchAll(TAG)) {
    out += text(html.slice(last, m.index));
    out += m[0];
    if (/^<a[\s>]/i.test(m[0])) inLink++;
    else if (/^<\/a\s*>/i.test(m[0])) inLink = Math.max(0, inLink - 1);
    last = m.index + m[0].length;
  }
  return out + text(html.slice(last));
}

function linkText(segment: string, links: ReadonlyMap<string, string>): string {
  if (!segment) return segment;
  let out = '';
  let at = 0;
  for (const ref of findDocumentReferences(segment)) {
    const href = links.get(ref.key);
    if (!href) continue;
    out += `${segment.slice(at, ref.start)}<a class="document-ref" href="${escapeHtml(href)}">${ref.text}</a>`;
    at = ref.end;
  }
  return at ? out + segment.slice(at) : segment;
}
