import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from './html.js';

/** Numbered page links around the current page, with first and last, for any list; `href` builds a page's URL. */
export function paginationNav(page: number, totalPages: number, href: (page: number) => string): SafeHtml | '' {
  if (totalPages <= 1) return '';
  // A window of pages around the current one keeps the bar short for large archives.
  const first = Math.max(1, page - 3);
  const last = Math.min(totalPages, page + 3);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p);
  return html`<nav class="pagination" aria-label="${m.pagination.label}"><ul>
${page > 1 ? html`<li><a rel="prev" href="${href(page - 1)}">${m.pagination.previous}</a></li>` : ''}
${first > 1 ? html`<li><a href="${href(1)}" aria-label="${m.pagination.page(1)}">1</a></li>${first > 2 ? html`<li aria-hidden="true">…</li>` : ''}` : ''}
${pages.map((p) =>
  p === page
    ? html`<li><span aria-current="page">${p}</span></li>`
    : html`<li><a href="${href(p)}" aria-label="${m.pagination.page(p)}">${p}</a></li>`,
)}
${last < totalPages ? html`${last < totalPages - 1 ? html`<li aria-hidden="true">…</li>` : ''}<li><a href="${href(totalPages)}" aria-label="${m.pagination.page(totalPages)}">${totalPages}</a></li>` : ''}
${page < totalPages ? html`<li><a rel="next" href="${href(page + 1)}">${m.pagination.next}</a></li>` : ''}
</ul></nav>`;
}
