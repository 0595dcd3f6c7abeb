import { foldForSearch } from '../vi/fold.js';

/**
 * A headline folded for the newsroom's title search: lower case, without
 * marks, đ as d, one space between words. "hoi thao" finds "Hội thảo".
 */
export function titleKey(title: string): string {
  return foldForSearch(title).replace(/\s+/g, ' ').trim();
}
