import type { ArticleListRow } from '../articles/articles.repo.js';
import { messages as m } from '../messages/vi.js';
import { formatVnIso } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import { escapeHtml as escapeXml } from '../web/html.js';

export interface FeedChannel {
  title: string;
  description: string;
  link: string;
  selfUrl: string;
}

/** RSS 2.0: what Vietnamese news aggregators and feed readers still read. */
export function rssFeed(channel: FeedChannel, items: readonly { article: ArticleListRow; url: string }[]): string {
  const entries = items
    .map(
      ({ article, url }) => `<item>
<title>${escapeXml(article.title)}</title>
<link>${escapeXml(url)}</link>
<guid isPermaLink="true">${escapeXml(url)}</guid>
<pubDate>${new Date(article.published_at).toUTCString()}</pubDate>
<description>${escapeXml(article.sapo)}</description>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${escapeXml(channel.title)}</title>
<link>${escapeXml(channel.link)}</link>
<description>${escapeXml(channel.description)}</description>
<language>vi</language>
<atom:link href="${escapeXml(channel.selfUrl)}" rel="self" type="application/rss+xml"/>
${entries}
</channel>
</rss>
`;
}

export function sitemapIndex(urls: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `<sitemap><loc>${escapeXml(u)}</loc></sitemap>`).join('\n')}
</sitemapindex>
`;
}

export function urlSet(entries: readonly { url: string; lastmod?: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.map((e) => `<url><loc>${escapeXml(e.url)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`).join('\n')}
</urlset>
`;
}

/** Google News sitemap: the news: elements say which publication, in which language, when and under what headline. */
export function newsUrlSet(
  publication: string,
  entries: readonly { url: string; title: string; publishedAt: string }[],
): string {
  const name = escapeXml(publication);
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${entries
  .map(
    (e) =>
      `<url><loc>${escapeXml(e.url)}</loc><news:news><news:publication><news:name>${name}</news:name><news:language>vi</news:language></news:publication><news:publication_date>${formatVnIso(e.publishedAt)}</news:publication_date><news:title>${escapeXml(e.title)}</news:title></news:news></url>`,
  )
  .join('\n')}
</urlset>
`;
}

export interface FeedLink {
  title: string;
  /** Absolute: what a reader copies into a feed reader. */
  url: string;
  children?: readonly FeedLink[];
}

/** /rss: the site's feeds, as Vietnamese portals list them for readers who copy an address into a feed reader. */
export function feedsPage(whole: FeedLink, categories: readonly FeedLink[]): SafeHtml {
  const item = (f: FeedLink): SafeHtml =>
    html`<li><a href="${f.url}">${f.title}</a> <code>${f.url}</code>${f.children?.length ? html`<ul>${f.children.map(item)}</ul>` : ''}</li>`;
  return html`<h1>${m.feeds.title}</h1>
<p>${m.feeds.intro}</p>
<ul class="feed-list">${item(whole)}</ul>
<h2>${m.feeds.categories}</h2>
<ul class="feed-list">${categories.map(item)}</ul>`;
}
