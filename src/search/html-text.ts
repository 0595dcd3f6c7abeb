/** Plain text of stored (already sanitised) article HTML, for the index and for snippets. */
const BLOCK = /<\/?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|br|hr|pre)\b[^>]*>/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
/**
 * Runs of spaces and tabs to one space. A lone space is not replaced by itself: replacing every
 * space between words was a third of what a snippet's text cost.
 */
const SPACES = / [ \t\r\f\v]+|[\t\r\f\v][ \t\r\f\v]*/g;
const WHITE = /\s/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return joinLines(
    html
      .replace(BLOCK, '\n')
      .replace(TAG, '')
      .replace(ENTITY, (_, e: string) => {
        const lower = e.toLowerCase();
        if (lower.startsWith('#x')) return safeChar(parseInt(lower.slice(2), 16));
        if (lower.startsWith('#')) return safeChar(parseInt(lower.slice(1), 10));
        return NAMED[lower] ?? '';
      })
      .replace(SPACES, ' '),
  )
    .trim()
    .normalize('NFC');
}

/**
 * Each run of white space holding a line break, as the break alone; what `.replace(/\s*\n\s*\/g,
 * '\n')` gives, found from the breaks outward: that pattern tried a match at every space.
 */
function joinLines(text: string): string {
  let out = '';
  let pos = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
    let start = nl;
    while (start > pos && WHITE.test(text.charAt(start - 1))) start--;
    let end = nl + 1;
    while (end < text.length && WHITE.test(text.charAt(end))) end++;
    out += `${text.slice(pos, start)}\n`;
    pos = end;
  }
  return pos === 0 ? text : out + text.slice(pos);
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
