/**
 * The English site's text: the shell of the /en/ pages (header, footer,
 * language switch) and the organisation's pages. Only what /en/ shows is
 * here; the rest of the site is Vietnamese (src/messages/vi.ts).
 */
export const en = {
  skipToContent: 'Skip to main content',
  siteNav: 'About us',
  vietnamese: 'Tiếng Việt',
  pages: {
    intro: 'Introduction',
    functions: 'Functions and duties',
    structure: 'Organisational structure',
    leaders: 'Leadership',
    contact: 'Contact',
  },
  more: 'More about us',
  introPending: 'The English introduction is being prepared. Please see the Vietnamese pages for now.',
  head: 'Head',
  phone: 'Phone',
  email: 'Email',
  address: 'Address',
  photoOf: (name: string) => `Photo of ${name}`,
  noUnits: 'No units are listed yet.',
  noLeaders: 'No leaders are listed yet.',
  footer: {
    address: 'Address',
    phone: 'Phone',
    email: 'Email',
    responsible: 'Responsible for content',
    poweredBy: 'Powered by Tòa Soạn, open-source software.',
  },
} as const;

export type EnglishMessages = typeof en;
