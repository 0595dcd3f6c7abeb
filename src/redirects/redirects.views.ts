import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { RedirectRow } from './redirects.service.js';

const m = messages.redirects;

// What an action did is said once by the staff page's flash, after its redirect.
function formError(error?: string): SafeHtml {
  return error ? html`<p class="form-error" role="alert">${error}</p>` : html``;
}

export function redirectListPage(rows: RedirectRow[], opts: { page: number; q: string; more: boolean }) {
  const pageLink = (page: number) =>
    `/quan-tri/chuyen-huong?trang=${page}${opts.q ? `&q=${encodeURIComponent(opts.q)}` : ''}`;
  return html`<h1 class="page-title">${m.title}</h1>
<p>${m.intro}</p>
<form method="get" action="/quan-tri/chuyen-huong" role="search"><p class="field"><label for="rq">${m.search}</label><input id="rq" name="q" value="${opts.q}"></p><button type="submit" class="button">${m.searchButton}</button></form>
${
  rows.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${m.oldPath}</th><th scope="col">${m.target}</th><th scope="col"><span class="visually-hidden">${m.edit}</span></th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><code>${r.old_path}</code></td><td><a href="${r.target}">${r.target}</a></td><td><a href="/quan-tri/chuyen-huong/${r.id}">${m.edit}</a></td></tr>`)}
</tbody></table>`
    : html`<p>${m.empty}</p>`
}
<nav class="pagination" aria-label="${m.pages}">${opts.page > 1 ? html`<a href="${pageLink(opts.page - 1)}">${m.previous}</a> ` : ''}${opts.more ? html`<a href="${pageLink(opts.page + 1)}">${m.next}</a>` : ''}</nav>`;
}

export function redirectEditPage(
  row: RedirectRow,
  csrf: SafeHtml,
  values: { oldPath: string; target: string },
  error?: string,
): SafeHtml {
  return html`<h1 class="page-title">${m.editTitle}</h1>
${formError(error)}
<form method="post" action="/quan-tri/chuyen-huong/${row.id}">${csrf}
<p class="field"><label for="old-path">${m.oldPath}</label><input id="old-path" name="oldPath" required maxlength="500" value="${values.oldPath}"></p>
<p class="field"><label for="target">${m.target}</label><input id="target" name="target" required maxlength="500" value="${values.target}"></p>
<button type="submit" class="button primary">${m.save}</button></form>
<form method="post" action="/quan-tri/chuyen-huong/${row.id}/xoa">${csrf}<button type="submit" class="button">${m.delete}</button></form>
<p><a href="/quan-tri/chuyen-huong">${m.back}</a></p>`;
}
