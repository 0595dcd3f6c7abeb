import { messages } from '../messages/vi.js';
import type { Flash } from '../web/flash.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import { bulkBar, rowBox } from '../newsroom/bulk-actions.js';
import { KIND_OF_SLUG, type TrashListing } from './trash.service.js';

const t = messages.trash;
export const TRASH_URL = '/quan-tri/thung-rac';
const SLUG_OF = Object.fromEntries(Object.entries(KIND_OF_SLUG).map(([slug, kind]) => [kind, slug]));

/**
 * The "Hoàn tác" a delete's message offers: it restores everything that one action put in the trash, then goes
 * back to `back`, the list as it was (filters, tab, page), where what came back shows again.
 */
export function undoTrash(batch: string, back?: string): NonNullable<Flash['undo']> {
  return {
    action: `${TRASH_URL}/khoi-phuc`,
    label: messages.staffTools.undo,
    fields: back ? { batch, tiep: back } : { batch },
  };
}

function href(query: TrashListing['query'], page: number): string {
  const params = new URLSearchParams();
  if (query.loai) params.set('loai', query.loai);
  if (page > 1) params.set('trang', String(page));
  const qs = params.toString();
  return qs ? `${TRASH_URL}?${qs}` : TRASH_URL;
}

export function trashPage(
  list: TrashListing,
  csrf: SafeHtml,
  back: string,
  canPurge: boolean,
  error?: string,
): SafeHtml {
  const { query } = list;
  const actions: [string, string][] = [
    ['restore', t.restore],
    ...(canPurge ? [['purge', t.purge] as [string, string]] : []),
  ];
  return html`<h1 class="page-title">${t.title} <small>${t.found(list.total)}</small></h1>
${error ? html`<p class="form-error" role="alert">${error}</p>` : ''}
<p class="hint">${t.intro}</p>
<form class="filter" method="get" action="${TRASH_URL}">
  <label for="loai">${t.kind}</label>
  <select id="loai" name="loai"><option value="">${t.allKinds}</option>${Object.entries(SLUG_OF).map(
    ([kind, slug]) =>
      html`<option value="${slug}"${query.loai === slug ? html` selected` : ''}>${t.kinds[kind as keyof typeof t.kinds]}</option>`,
  )}</select>
  <button type="submit" class="button">${t.filter}</button>
</form>
${
  list.rows.length
    ? html`<form method="post" action="${TRASH_URL}/hang-loat" class="bulk-form">${csrf}
${bulkBar('thung-rac-thao-tac', actions, back)}
<table class="staff-table"><thead><tr><th scope="col"><span class="visually-hidden">${messages.lists.selectedActions}</span></th><th scope="col">${t.item}</th><th scope="col">${t.kind}</th><th scope="col">${t.deletedBy}</th><th scope="col">${t.deletedAt}</th></tr></thead><tbody>
${list.rows.map(
  (r) =>
    html`<tr><td>${rowBox(r.id, r.label)}</td><td>${r.label}</td><td>${t.kinds[r.kind]}</td><td>${r.deleted_by_name ?? ''}</td><td>${formatVnDateTime(r.deleted_at)}</td></tr>`,
)}
</tbody></table></form>`
    : html`<p>${t.empty}</p>`
}
${paginationNav(list.page, list.totalPages, (n) => href(query, n))}`;
}
