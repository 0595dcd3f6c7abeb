/** The JSON API's words: it is for programs, and English throughout (README, Contributing). */
export const apiMessages = {
  badParameter: (name: string, detail: string) => `Invalid parameter "${name}": ${detail}`,
  unknownParameter: (name: string) => `Unknown parameter "${name}".`,
  expected: {
    limit: 'expected a whole number from 1 to 100',
    day: 'expected a date as YYYY-MM-DD',
    instant: 'expected an ISO 8601 date and time with a zone, e.g. 2026-01-31T08:00:00Z',
    slug: 'expected a slug of lower-case letters, digits and hyphens',
    cursor: 'expected a cursor exactly as returned in nextCursor',
    id: 'expected a positive whole number',
    range: 'from must not be after to',
    unknownCategory: 'no category has this slug (see /api/v1/categories)',
    unknownDocumentType: 'no document type has this name (see the type of any document)',
    year: 'expected a four-digit year',
    page: 'expected a page number from 1 to 10000',
    text: (max: number) => `expected text of at most ${max} characters`,
    documentStatus: 'expected con_hieu_luc, het_hieu_luc or du_thao',
  },
  notFound: 'Not found.',
  tooMany: 'Too many requests from this address; try again later.',
} as const;
