import type { ArticleListRow } from '../articles/articles.repo.js';
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
