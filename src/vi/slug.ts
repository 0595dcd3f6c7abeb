/**
 * URL slugs: folded, lower case, `-` separated.
 */

import { foldVietnamese } from './fold.js';

// "KH&CN", "R&D", "Let's": a joiner between two letters/digits is part of the
// word, so it is dropped instead of splitting the word with a dash.
const INNER_JOINER = /(?<=[a-z0-9])[&'’](?=[a-z0-9])/g;
const SEPARATORS = /[^a-z0-9]+/g;

/**
 * Slug of a title, at most `maxLength` characters, cut at a word boundary
 * (a single word longer than `maxLength` is cut hard). Returns "" when the
 * input has no letters or digits; callers decide what to do then.
 */
export function slugify(s: string, maxLength = 120): string {
  if (!Number.isInteger(maxLength) || maxLength < 1) {
    throw new RangeError(`slugify: maxLength must be a positive integer, got ${maxLength}`);
  }
  const slug = foldVietnamese(s)
    .toLowerCase()
    .replace(INNER_JOINER, '')
    .replace(SEPARATORS, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  // Cutting right before a dash (or right at one) keeps whole words.
  if (slug.charAt(maxLength) === '-') return slug.slice(0, maxLength);
  const cut = slug.lastIndexOf('-', maxLength);
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, maxLength);
}
