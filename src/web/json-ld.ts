import { SafeHtml } from './html.js';

/** What the data names of the site: the layout's settings have these fields (and more). */
interface Site {
  name: string;
  /** Absolute origin, when known. */
  url: string | undefined;
  logoUrl?: string;
}

// `<`, `>` and `&` as JSON escapes: no headline can write `</script>` or `<!--` into the data block,
// and the parsed JSON is unchanged. U+2028/2029 are escaped for older JavaScript parsers of JSON-LD.
const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const ESCAPED: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Structured data for search engines: a data block (not a script the CSP would have to allow). */
export function jsonLdScript(data: object): SafeHtml {
  const json = JSON.stringify(data).replace(UNSAFE_IN_SCRIPT, (c) => ESCAPED[c]!);
  return new SafeHtml(`<script type="application/ld+json">${json}</script>`);
}

export const absoluteUrl = (site: Pick<Site, 'url'>, pathOrUrl: string): string =>
  /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : (site.url ?? '') + pathOrUrl;

/** The organisation behind the site, with its logo when the settings have one (quản trị → Cài đặt trang). */
export function publisherData(site: Site): object {
  return {
    '@type': 'Organization',
    name: site.name,
    url: `${site.url ?? ''}/`,
    ...(site.logoUrl ? { logo: { '@type': 'ImageObject', url: absoluteUrl(site, site.logoUrl) } } : {}),
  };
}

/** The home page's WebSite, with the search box search engines may offer (Sitelinks search box). */
export function websiteData(site: Site & { description: string }): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    ...(site.description ? { description: site.description } : {}),
    url: `${site.url ?? ''}/`,
    inLanguage: 'vi',
    publisher: publisherData(site),
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${site.url ?? ''}/tim-kiem?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}
