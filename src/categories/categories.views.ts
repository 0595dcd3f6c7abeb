import { articleTeaser, breadcrumb } from '../articles/articles.views.js';
import type { ArticleListRow } from '../articles/articles.repo.js';
import { categoryUrl } from '../articles/urls.js';
import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Category, CategoryTree } from './category-tree.js';

export function categoryPage(input: {
  tree: CategoryTree;
  siteName: string;
  category: Category;
  articles: readonly ArticleListRow[];
  page: number;
  totalPages: number;
}): SafeHtml {
  const { category, tree } = input;
  return html`${breadcrumb(category, input.siteName)}
<h1 class="page-title">${category.name}${input.page > 1 ? html` <small>${m.pagination.page(input.page)}</small>` : ''}</h1>
${category.description ? html`<p class="page-description">${category.description}</p>` : ''}
${category.children.length
  ? html`<nav class="subcategories" aria-label="${m.category.subcategories}"><ul>${category.children.map(
      (c) => html`<li><a href="${categoryUrl(c.slug)}">${c.name}</a></li>`,
    )}</ul></nav>`
  : ''}
${input.articles.length
  ? html`<div class="teaser-list">${input.articles.map((a) => articleTeaser(tree, a, { sapo: true, level: 2 }))}</div>`
  : html`<p>${m.category.empty}</p>`}
${pagination(category.slug, input.page, input.totalPages)}`;
}

function pagination(slug: string, page: number, totalPages: number): SafeHtml | '' {
  if (totalPages <= 1) return '';
  // A window of pages around the current one keeps the bar short for large archives.
  const first = Math.max(1, page - 3);
  const last = Math.min(totalPages, page + 3);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return html`<nav class="pagination" aria-label="${m.pagination.label}"><ul>
${page > 1 ? html`<li><a rel="prev" href="${categoryUrl(slug, page - 1)}">${m.pagination.previous}</a></li>` : ''}
${first > 1 ? html`<li><a href="${categoryUrl(slug, 1)}" aria-label="${m.pagination.page(1)}">1</a></li>${first > 2 ? html`<li aria-hidden="true">…</li>` : ''}` : ''}
${pages.map((p) =>
  p === page
    ? html`<li><span aria-current="page">${p}</span></li>`
    : html`<li><a href="${categoryUrl(slug, p)}" aria-label="${m.pagination.page(p)}">${p}</a></li>`,
)}
${last < totalPages ? html`${last < totalPages - 1 ? html`<li aria-hidden="true">…</li>` : ''}<li><a href="${categoryUrl(slug, totalPages)}" aria-label="${m.pagination.page(totalPages)}">${totalPages}</a></li>` : ''}
${page < totalPages ? html`<li><a rel="next" href="${categoryUrl(slug, page + 1)}">${m.pagination.next}</a></li>` : ''}
</ul></nav>`;
}
