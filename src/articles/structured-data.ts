import type { Category } from '../categories/category-tree.js';
import { largestVariant, type ResponsiveImage } from '../media/media-urls.js';
import { formatVnIso } from '../vi/dates.js';
import { absoluteUrl, publisherData } from '../web/json-ld.js';
import type { ShellSettings } from '../web/layout.js';
import type { ArticleRow } from './articles.repo.js';
import { categoryUrl } from './urls.js';

type Site = Pick<ShellSettings, 'name' | 'url' | 'logoUrl'>;

/**
 * schema.org NewsArticle and its BreadcrumbList, as Google News reads them.
 * Plain objects from fields the page already loaded: no query of its own,
 * and it is rendered once into the cached page.
 */
export function articleStructuredData(input: {
  site: Site;
  article: Pick<ArticleRow, 'title' | 'sapo' | 'byline' | 'published_at' | 'updated_at'>;
  category: Category;
  cover: ResponsiveImage | null;
  canonicalPath: string;
}): object[] {
  const { site, article: a, category, cover } = input;
  const url = (site.url ?? '') + input.canonicalPath;
  const publisher = publisherData(site);
  const image = cover && largestVariant(cover);
  const trail = category.parent ? [category.parent, category] : [category];
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: a.title,
      ...(a.sapo ? { description: a.sapo } : {}),
      datePublished: formatVnIso(a.published_at),
      // An article edited before it was published was never shown in that state: modified is never before published.
      dateModified: formatVnIso(a.updated_at > a.published_at ? a.updated_at : a.published_at),
      author: a.byline ? { '@type': 'Person', name: a.byline } : publisher,
      publisher,
      ...(image
        ? {
            image: {
              '@type': 'ImageObject',
              url: absoluteUrl(site, image.url),
              width: image.width,
              ...(image.height ? { height: image.height } : {}),
            },
          }
        : {}),
      mainEntityOfPage: { '@type': 'WebPage', '@id': url },
      url,
      inLanguage: 'vi',
    },
    {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        ...[
          { name: site.name, url: `${site.url ?? ''}/` },
          ...trail.map((c) => ({ name: c.name, url: (site.url ?? '') + categoryUrl(c.slug) })),
        ].map((step, i) => ({ '@type': 'ListItem', position: i + 1, name: step.name, item: step.url })),
        { '@type': 'ListItem', position: trail.length + 2, name: a.title, item: url },
      ],
    },
  ];
}
