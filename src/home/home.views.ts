import { articleHref, articleTeaser, coverImg, timeTag, type TeaserRow } from '../articles/articles.views.js';
import { categoryUrl } from '../articles/urls.js';
import type { Category, CategoryTree } from '../categories/category-tree.js';
import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';

/** Slot widths with the side column (site.css: .home-grid, .category-blocks): the main column is at most ~50rem. */
const LEAD_SIZES = '(min-width: 64rem) 760px, (min-width: 48rem) 90vw, 100vw';
const BLOCK_SIZES = '(min-width: 64rem) 360px, (min-width: 48rem) 45vw, 100vw';

export function homePage(input: {
  tree: CategoryTree;
  siteName: string;
  lead: TeaserRow | undefined;
  latest: readonly TeaserRow[];
  blocks: readonly { category: Category; articles: readonly TeaserRow[] }[];
  /** The side column (sidebar.ts), empty when every block is off. */
  side: SafeHtml;
}): SafeHtml {
  const { tree, lead } = input;
  return html`<h1 class="visually-hidden">${input.siteName}</h1>
<div class="home-grid"><div class="home-main">
${
  lead
    ? html`<section class="lead-story" aria-labelledby="tin-noi-bat">
  <h2 id="tin-noi-bat" class="section-label">${m.leadStory}</h2>
  <article>
    ${lead.cover ? coverImg(lead.cover, { className: 'lead-image', sizes: LEAD_SIZES, lazy: false }) : ''}
    <h3 class="lead-title"><a href="${articleHref(tree, lead)}">${lead.title}</a></h3>
    ${timeTag(lead.published_at)}
    ${lead.sapo ? html`<p class="lead-sapo">${lead.sapo}</p>` : ''}
  </article>
</section>`
    : html`<p>${m.homeEmpty}</p>`
}
${
  input.latest.length
    ? html`<section class="latest" aria-labelledby="tin-moi">
  <h2 id="tin-moi" class="section-label">${m.latest}</h2>
  <div class="teaser-list">${input.latest.map((a) => articleTeaser(tree, a))}</div>
</section>`
    : ''
}
<div class="category-blocks">
${input.blocks
  .filter((b) => b.articles.length > 0)
  .map(
    (b) => html`<section class="category-block" aria-labelledby="cm-${b.category.slug}">
  <h2 id="cm-${b.category.slug}" class="section-label"><a href="${categoryUrl(b.category.slug)}">${b.category.name}</a></h2>
  ${blockCover(b.articles[0])}
  <div class="teaser-list">${b.articles.map((a, i) => articleTeaser(tree, i === 0 ? { ...a, cover: null } : a, { sapo: i === 0 }))}</div>
  <p class="more"><a href="${categoryUrl(b.category.slug)}">${m.more}<span class="visually-hidden">: ${b.category.name}</span></a></p>
</section>`,
  )}
</div>
</div>${input.side}</div>`;
}

/** The block's first story leads with its cover, full width; the others keep their thumbnails. */
function blockCover(first: TeaserRow | undefined): SafeHtml | '' {
  return first?.cover ? coverImg(first.cover, { className: 'block-image', sizes: BLOCK_SIZES }) : '';
}
