import type { Category, CategoryTree } from '../categories/category-tree.js';
import { messages as m } from '../messages/vi.js';
import { ARTICLE_IMAGE_SIZES, largestVariant, responsiveImg, type ResponsiveImage } from '../media/media-urls.js';
import { escapeHtml, html, trustedHtml, type SafeHtml } from '../web/html.js';
import type { PageMeta } from '../web/layout.js';
import { formatVnDateTime } from '../vi/dates.js';
import type { ArticleLinkRow, ArticleListRow, ArticleRow } from './articles.repo.js';
import { articleViews } from '../stats/stats.service.js';
import { articleUrl, categoryUrl, printUrl, saveUrl } from './urls.js';

export function articleHref(tree: CategoryTree, a: Pick<ArticleListRow, 'id' | 'slug' | 'category_id'>): string {
  return articleUrl(tree.get(a.category_id)?.slug ?? 'bai-viet', a.slug, a.id);
}

export function timeTag(iso: string, className = 'time'): SafeHtml {
  return html`<time class="${className}" datetime="${iso}">${formatVnDateTime(iso)}</time>`;
}

/** Teaser thumbnails are about 8rem wide; the smallest variant covers that even on dense screens. */
const THUMB_SIZES = '128px';

/** A list row that may carry its cover image (see covers.ts); lists without covers pass plain rows. */
export type TeaserRow = ArticleListRow & { cover?: ResponsiveImage | null };

/**
 * A cover next to a headline repeats what the headline says, so it is
 * decorative here (alt="") unless the image has its own description.
 */
export function coverImg(cover: ResponsiveImage, opts: { className: string; sizes: string; lazy?: boolean }): SafeHtml {
  return responsiveImg(cover, { ...opts, alt: cover.alt });
}

/** A headline with time, optional sapo and the cover as a thumbnail, as lists show it. */
export function articleTeaser(
  tree: CategoryTree,
  a: TeaserRow,
  opts: { sapo?: boolean; level?: 2 | 3 } = {},
): SafeHtml {
  const href = articleHref(tree, a);
  const heading =
    opts.level === 2
      ? html`<h2 class="teaser-title"><a href="${href}">${a.title}</a></h2>`
      : html`<h3 class="teaser-title"><a href="${href}">${a.title}</a></h3>`;
  const count = a.comment_count ? html` <span class="comment-count">${m.comments.count(a.comment_count)}</span>` : '';
  const thumb = a.cover ? coverImg(a.cover, { className: 'teaser-thumb', sizes: THUMB_SIZES }) : '';
  return html`<article class="teaser">${thumb}${heading}${timeTag(a.published_at)}${count}${opts.sapo && a.sapo ? html`<p class="teaser-sapo">${a.sapo}</p>` : ''}</article>`;
}

export function breadcrumb(category: Category, siteName: string): SafeHtml {
  const trail = category.parent ? [category.parent, category] : [category];
  return html`<nav class="breadcrumb" aria-label="${m.breadcrumb}"><ol>
<li><a href="/">${siteName}</a></li>
${trail.map((c) => html`<li><a href="${categoryUrl(c.slug)}">${c.name}</a></li>`)}
</ol></nav>`;
}

export function articlePage(input: {
  tree: CategoryTree;
  siteName: string;
  article: ArticleRow;
  cover: ResponsiveImage | null;
  category: Category;
  /** The article's own path, which the print and save links extend; a preview of an unpublished draft has none. */
  canonicalPath?: string;
  tags: readonly { slug: string; name: string }[];
  related: readonly ArticleLinkRow[];
  /** The "Ý kiến bạn đọc" section, rendered by the comments module. */
  comments: SafeHtml;
  /** Turns references to the văn bản library into links (src/documents); escaped or sanitised HTML in, HTML out. */
  linkDocuments?: ((html: string) => string) | null;
}): SafeHtml {
  const { article: a, category, tree } = input;
  const link = input.linkDocuments;
  return html`${breadcrumb(category, input.siteName)}
<article class="article">
  <h1 class="article-title">${a.title}</h1>
  <p class="article-meta">${timeTag(a.published_at)} ${articleViews(a.id)}</p>
  ${input.canonicalPath ? articleTools({ print: printUrl(input.canonicalPath), save: saveUrl(input.canonicalPath) }) : ''}
  ${a.sapo ? html`<p class="sapo">${link ? trustedHtml(link(escapeHtml(a.sapo))) : a.sapo}</p>` : ''}
  ${input.cover ? html`<figure class="article-cover">${coverImg(input.cover, { className: 'cover-image', sizes: ARTICLE_IMAGE_SIZES, lazy: false })}</figure>` : ''}
  <div class="article-body">${trustedHtml(link ? link(a.body_html) : a.body_html)}</div>
  ${a.byline ? html`<p class="byline"><span class="visually-hidden">${m.byline}: </span>${a.byline}</p>` : ''}
  ${
    input.tags.length
      ? html`<p class="tags"><span class="tags-label">${m.tags}:</span> ${input.tags.map((t, i) => html`${i ? ', ' : ''}<span class="tag">${t.name}</span>`)}</p>`
      : ''
  }
</article>
${input.comments}
${
  input.related.length
    ? html`<section class="related" aria-labelledby="tin-lien-quan">
  <h2 id="tin-lien-quan">${m.related}</h2>
  <ul>${input.related.map((r) => html`<li><a href="${articleHref(tree, r)}">${r.title}</a> ${timeTag(r.published_at)}</li>`)}</ul>
</section>`
    : ''
}`;
}

/**
 * What search engines and link previews see: the SEO title and description
 * when the newsroom set them, else the headline and sapo; the cover as og:image.
 */
export function articleMeta(
  a: Pick<ArticleRow, 'title' | 'sapo' | 'seo_title' | 'seo_description'>,
  cover: ResponsiveImage | null,
): Pick<PageMeta, 'title' | 'description' | 'ogType' | 'image'> {
  const image = cover && largestVariant(cover);
  return {
    title: a.seo_title || a.title,
    description: a.seo_description || a.sapo || undefined,
    ogType: 'article',
    image: image && cover ? { path: image.url, width: image.width, height: image.height, alt: cover.alt } : undefined,
  };
}

/** The links under an article's headline. Both pages are for people, not crawlers (the print view says noindex). */
export function articleTools(paths: { print: string; save: string }): SafeHtml {
  return html`<p class="article-tools"><a href="${paths.print}" rel="nofollow">${m.articleTools.print}</a> <a href="${paths.save}" rel="nofollow" download>${m.articleTools.save}</a></p>`;
}
