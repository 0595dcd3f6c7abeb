import { SafeHtml } from './html.js';

/**
 * Text kept as its UTF-8 bytes, one byte per character of a one-byte string
 * (what Buffer#toString('latin1') gives).
 *
 * Why: fifty reader comments are most of an article page. Read as ordinary
 * strings, their Vietnamese text was decoded from UTF-8 by the database
 * driver, made the whole page a two-byte string, and was encoded back to
 * UTF-8 for the response: about a fifth of the page's cost. As bytes they go
 * from SQLite to the socket untouched. Escaping works on them unchanged: the
 * characters it looks for are ASCII, and no byte of a multi-byte UTF-8
 * sequence is ASCII.
 *
 * Never mix such a string into ordinary text: it must be turned back
 * (utf8BytesToText) or sent as bytes (a page fragment, see BYTES_SLOT).
 */
export type Utf8Bytes = string & { readonly __utf8Bytes: true };

export function asUtf8Bytes(text: string): Utf8Bytes {
  return Buffer.from(text).toString('latin1') as Utf8Bytes;
}

export function utf8BytesToText(bytes: Utf8Bytes): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/**
 * Where a page body takes a fragment rendered as bytes (RenderedPage.bytes),
 * one per slot, in order. An HTML comment that escaped text cannot contain.
 */
export const BYTES_SLOT = '<!--toasoan:bytes-->';
export const bytesSlot = new SafeHtml(BYTES_SLOT);

/** A page kept as text (pages rendered for one reader) with each byte slot replaced by its fragment; cached pages are filled as bytes by encodePage. */
export function fillByteSlotsInText(page: string, fragments: readonly Utf8Bytes[]): string {
  let out = '';
  let from = 0;
  for (const fragment of fragments) {
    const at = page.indexOf(BYTES_SLOT, from);
    if (at < 0) throw new Error(`page has ${fragments.length} byte fragments but fewer slots for them`);
    out += page.slice(from, at) + utf8BytesToText(fragment);
    from = at + BYTES_SLOT.length;
  }
  if (page.includes(BYTES_SLOT, from)) throw new Error(`page has more byte slots than its ${fragments.length} fragments`);
  return out + page.slice(from);
}
