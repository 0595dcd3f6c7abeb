import type { ResponsiveImage } from '../media/media-urls.js';
import { ARTICLE_IMAGE_SIZES } from '../media/media-urls.js';
import { messages as m } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, trustedHtml, type SafeHtml } from '../web/html.js';
import type { ArticleRow } from './articles.repo.js';
import { coverImg } from './articles.views.js';

export interface PrintInput {
  siteName: string;
  article: Pick<ArticleRow, 'title' | 'sapo' | 'byline' | 'published_at'>;
  cover: ResponsiveImage | null;
  /** The body as stored (sanitised), with images loading at once: a printer or PDF does not scroll. */
  bodyHtml: string;
  /** The article's absolute address, printed at the foot so a paper copy says where it came from. */
  url: string;
  /** The stylesheet: a link for the print view, the file itself inlined for a saved copy. */
  style: SafeHtml;
  /** The print view links back to the article; a saved copy has nowhere to go back to. */
  backLink?: string;
}

/**
 * The article alone, as "In bài viết" prints it and "Lưu bài viết" saves it:
 * no menus, comments, forms or scripts.
 */
export function printDocument(p: PrintInput): string {
  const a = p.article;
  return (
    '<!doctype html>' +
    html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${a.title} - ${p.siteName}</title>
<link rel="canonical" href="${p.url}">
<meta name="robots" content="noindex">
${p.style}
</head>
<body>
<header><p class="print-site">${p.siteName}</p></header>
<main>
<article>
<h1>${a.title}</h1>
<p class="print-meta"><time datetime="${a.published_at}">${formatVnDateTime(a.published_at)}</time></p>
${a.sapo ? html`<p class="sapo">${a.sapo}</p>` : ''}
${p.cover ? html`<figure>${coverImg(p.cover, { className: 'cover-image', sizes: ARTICLE_IMAGE_SIZES, lazy: false })}</figure>` : ''}
<div class="article-body">${trustedHtml(p.bodyHtml)}</div>
${a.byline ? html`<p class="byline" title="${m.byline}">${a.byline}</p>` : ''}
</article>
</main>
<footer>
<p class="print-address">${m.articleTools.address}: <a href="${p.url}">${p.url}</a><br>${p.siteName}</p>
${p.backLink ? html`<p class="print-back"><a href="${p.backLink}">${m.articleTools.back}</a></p>` : ''}
</footer>
</body>
</html>
`
  );
}
