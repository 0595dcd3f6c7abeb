export { toNfc, normalizeTonePlacement, normalizeForCompare, TONE_MARKS, VOWEL_MARKS } from './normalize.js';
export { foldVietnamese, foldForSearch } from './fold.js';
export { slugify } from './slug.js';
export {
  VN_TIME_ZONE,
  formatVnDateTime,
  formatVnDate,
  formatVnLongDate,
  parseVnDateTime,
  vnDateParts,
  type VnDateParts,
} from './dates.js';
export { syllables, foldTerm, markKey, searchTerms, findDocumentCodes, documentCodeWords, type Syllable } from './search-text.js';
