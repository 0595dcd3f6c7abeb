import { articleHref, articleTeaser, coverImg, timeTag, type TeaserRow } from '../articles/articles.views.js';
import { categoryUrl } from '../articles/urls.js';
import type { Category, CategoryTree } from '../categories/category-tree.js';
import { messages as m } from '../messages/vi.js';
import { ARTICLE_IMAGE_SIZES } from '../media/media-urls.js';
import { html, type SafeHtml } from '../web/html.js';

export function homePage(input: {
  tree: CategoryTree;
  siteName: string;
  lead: TeaserRow | undefined;
  latest: readonly TeaserRow[];
  blocks: readonly { category: Category; articles: readonly TeaserRow[] }[];
}): SafeHtml {
  const { tree, lead } = input;
  return html`<h1 class="visually-hidden">${input.siteName}</h1>
${
  lead
    ? html`<section class="lead-story" aria-labelledby="tin-noi-bat">
  <h2 id="tin-noi-bat" class="section-label">${m.leadStory}</h2>
  <article>
    ${lead.cover ? coverImg(lead.cover, { className: 'lead-image', sizes: ARTICLE_IMAGE_SIZES, lazy: false }) : ''}
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
  <div class="teaser-list">${b.articles.map((a, i) => articleTeaser(tree, a, { sapo: i === 0 }))}</div>
  <p class="more"><a href="${categoryUrl(b.category.slug)}">${m.more}<span class="visually-hidden">: ${b.category.name}</span></a></p>
</section>`,
  )}
</div>`;
}
