/** Plain text of stored (already sanitised) article HTML, for the index and for snippets. */
const BLOCK = /<\/?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|br|hr|pre)\b[^>]*>/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return html
    .replace(BLOCK, '\n')
    .replace(TAG, '')
    .replace(ENTITY, (_, e: string) => {
      const lower = e.toLowerCase();
      if (lower.startsWith('#x')) return safeChar(parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return safeChar(parseInt(lower.slice(1), 10));
      return NAMED[lower] ?? '';
    })
    .replace(/[ \t\r\f\v]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim()
    .normalize('NFC');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
