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
  errors: {
    notFoundTitle: 'Page not found',
    notFound: 'The page you asked for does not exist or has been removed.',
    badRequestTitle: 'Bad request',
    badRequest: 'The request could not be understood.',
    forbiddenTitle: 'Not allowed',
    forbidden: 'You are not allowed to do this.',
    tooManyTitle: 'Too many requests',
    tooMany: 'Too many requests from you in a short time. Please wait a moment and try again.',
    methodNotAllowed: 'This address does not accept that kind of request.',
    serverTitle: 'Something went wrong',
    server: (incident: string) =>
      `The site could not handle your request. Please try again later. Incident number: ${incident}.`,
    backHome: 'Back to the English home page',
  },
  footer: {
    address: 'Address',
    phone: 'Phone',
    email: 'Email',
    responsible: 'Responsible for content',
    poweredBy: 'Powered by Tòa Soạn, open-source software.',
  },
} as const;
