import { articleTeaser, breadcrumb, type TeaserRow } from '../articles/articles.views.js';
import { categoryUrl } from '../articles/urls.js';
import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import type { Category, CategoryTree } from './category-tree.js';

export function categoryPage(input: {
  tree: CategoryTree;
  siteName: string;
  category: Category;
  articles: readonly TeaserRow[];
  page: number;
  totalPages: number;
}): SafeHtml {
  const { category, tree } = input;
  return html`${breadcrumb(category, input.siteName)}
<h1 class="page-title">${category.name}${input.page > 1 ? html` <small>${m.pagination.page(input.page)}</small>` : ''}</h1>
${category.description ? html`<p class="page-description">${category.description}</p>` : ''}
${
  category.children.length
    ? html`<nav class="subcategories" aria-label="${m.category.subcategories}"><ul>${category.children.map(
        (c) => html`<li><a href="${categoryUrl(c.slug)}">${c.name}</a></li>`,
      )}</ul></nav>`
    : ''
}
${
  input.articles.length
    ? html`<div class="teaser-list">${input.articles.map((a) => articleTeaser(tree, a, { sapo: true, level: 2 }))}</div>`
    : html`<p>${m.category.empty}</p>`
}
${paginationNav(input.page, input.totalPages, (p) => categoryUrl(category.slug, p))}`;
}
