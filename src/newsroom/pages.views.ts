import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import type { RevisionRow, StaffArticle, StaffArticleListRow } from './newsroom.repo.js';
import type { HistoryEvent, RevisionComparison, StaffArticleList } from './newsroom.service.js';
import type { DiffPart } from './revision-diff.js';
import { categoryChoices } from './newsroom.views.js';
import { bulkBar, rowBox } from './bulk-actions.js';

const p = messages.newsroom.pages;
const st = messages.newsroom.status;

const editUrl = (id: number) => `/quan-tri/bai-viet/${id}`;

function statusLabel(a: Pick<StaffArticleListRow, 'status' | 'schedule_pending' | 'published_at'>): SafeHtml {
  if (a.schedule_pending && a.published_at)
    return html`<span class="status status-scheduled">${p.scheduledFor(formatVnDateTime(a.published_at))}</span>`;
  return html`<span class="status status-${a.status}">${st[a.status]}</span>`;
}

export function articleTable(rows: readonly StaffArticleListRow[]): SafeHtml {
  if (!rows.length) return html`<p>${p.none}</p>`;
  return html`<table class="staff-table"><thead><tr><th scope="col">${messages.newsroom.form.title}</th><th scope="col">${p.status}</th><th scope="col">${p.updated}</th></tr></thead><tbody>
${rows.map((a) => html`<tr><td><a href="${editUrl(a.id)}">${a.title}</a>${featuredBadge(a)}</td><td>${statusLabel(a)}</td><td>${formatVnDateTime(a.updated_at)}</td></tr>`)}
</tbody></table>`;
}

export function dashboardPage(d: {
  myDrafts: StaffArticleListRow[];
  waiting: StaffArticleListRow[];
  scheduled: StaffArticleListRow[];
  published: StaffArticleListRow[];
  pendingComments: number;
  isEditor: boolean;
}): SafeHtml {
  const section = (id: string, title: string, rows: StaffArticleListRow[]) =>
    html`<section class="dash-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${articleTable(rows)}</section>`;
  return html`<h1 class="page-title">${p.dashboard}</h1>
<p><a class="button primary" href="/quan-tri/bai-viet/moi">${p.newArticle}</a>${d.isEditor ? html` <a class="button" href="/quan-tri/y-kien">${p.pendingComments(d.pendingComments)}</a>` : ''}</p>
<div class="dash-grid">
${section('cho-toi', d.isEditor ? p.waitingEditor : p.waitingAuthor, d.waiting)}
${section('nhap', p.myDrafts, d.myDrafts)}
${section('hen-gio', p.scheduled, d.scheduled)}
${section('moi-xuat-ban', p.published, d.published)}
</div>`;
}

const LIST_URL = '/quan-tri/bai-viet';

/** "Nổi bật" beside the headline of an article marked "Tin nổi bật". */
const featuredBadge = (a: { featured: number }) =>
  a.featured ? html` <span class="badge">${p.featuredBadge}</span>` : '';

/** The list's address with its filters, for the pagination links and the form. */
function listHref(query: StaffArticleList['query'], page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && key !== 'trang') params.set(key, String(value));
  if (page > 1) params.set('trang', String(page));
  const qs = params.toString();
  return qs ? `${LIST_URL}?${qs}` : LIST_URL;
}

export function articleListPage(list: StaffArticleList, csrf: SafeHtml, back: string): SafeHtml {
  const { query, tree } = list;
  const selected = (on: boolean) => (on ? html` selected` : '');
  const categories = categoryChoices(tree);
  return html`<h1 class="page-title">${p.articles} <small>${p.found(list.total)}</small></h1>
<form class="filter" method="get" action="${LIST_URL}">
  <label for="trang-thai">${p.status}</label>
  <select id="trang-thai" name="trang-thai"><option value="">${p.allStatuses}</option>${(
    Object.keys(st) as (keyof typeof st)[]
  ).map((k) => html`<option value="${k}"${selected(query['trang-thai'] === k)}>${st[k]}</option>`)}</select>
  <label for="chuyen-muc">${p.category}</label>
  <select id="chuyen-muc" name="chuyen-muc"><option value="">${p.allCategories}</option>${categories.map(
    ({ c, label }) => html`<option value="${c.id}"${selected(query['chuyen-muc'] === c.id)}>${label}</option>`,
  )}</select>
  ${
    list.authors
      ? html`<label for="tac-gia">${p.author}</label>
  <select id="tac-gia" name="tac-gia"><option value="">${p.allAuthors}</option>${list.authors.map(
    (u) => html`<option value="${u.id}"${selected(query['tac-gia'] === u.id)}>${u.display_name}</option>`,
  )}</select>`
      : ''
  }
  <label for="q">${p.titleSearch}</label>
  <input type="search" id="q" name="q" maxlength="200" value="${query.q ?? ''}">
  <span class="checkbox"><input type="checkbox" id="noi-bat" name="noi-bat" value="1"${query['noi-bat'] ? html` checked` : ''}><label for="noi-bat">${p.featuredOnly}</label></span>
  <button type="submit" class="button">${p.filter}</button>
</form>
${
  list.rows.length
    ? html`<form method="post" action="${LIST_URL}/hang-loat" class="bulk-form">${csrf}
${bulkBar('hang-loat', Object.entries(messages.lists.articleActions), back)}
<table class="staff-table"><thead><tr><th scope="col"><span class="visually-hidden">${messages.lists.selectedActions}</span></th><th scope="col">${messages.newsroom.form.title}</th><th scope="col">${p.category}</th><th scope="col">${p.author}</th><th scope="col">${p.status}</th><th scope="col">${p.updated}</th></tr></thead><tbody>
${list.rows.map((a) => html`<tr><td>${rowBox(a.id, a.title)}</td><td><a href="${editUrl(a.id)}">${a.title}</a>${featuredBadge(a)}</td><td>${tree.get(a.category_id)?.name ?? ''}</td><td>${a.author_name ?? a.byline ?? ''}</td><td>${statusLabel(a)}</td><td>${formatVnDateTime(a.updated_at)}</td></tr>`)}
</tbody></table></form>`
    : html`<p>${p.none}</p>`
}
${paginationNav(list.page, list.totalPages, (n) => listHref(query, n))}`;
}

/** The buttons an article's state and the viewer's role allow; the server checks again on every POST. */
export function workflowPanel(
  a: StaffArticle,
  can: Record<'submit' | 'withdraw' | 'return' | 'publish' | 'unpublish' | 'delete', boolean>,
  csrf: SafeHtml,
): SafeHtml {
  const form = (action: string, label: string, extra: SafeHtml | '' = '', cls = 'button') =>
    html`<form method="post" action="${editUrl(a.id)}/${action}" class="workflow-form">${csrf}<input type="hidden" name="version" value="${a.version}">${extra}<button type="submit" class="${cls}">${label}</button></form>`;
  return html`<section class="workflow" aria-labelledby="quy-trinh">
<h2 id="quy-trinh">${p.workflow}</h2>
<p>${p.status}: ${statusLabel(a)}</p>
${can.submit ? form('gui', p.submit, '', 'button primary') : ''}
${can.withdraw ? form('rut-lai', p.withdraw) : ''}
${can.return ? form('tra-lai', p.return, html`<p class="field"><label for="note">${p.returnNote}</label><textarea id="note" name="note" rows="2" required></textarea></p>`) : ''}
${can.publish ? form('xuat-ban', p.publish, html`<p class="field"><label for="at">${p.publishAt}</label><input type="text" id="at" name="at" inputmode="numeric" autocomplete="off" placeholder="${p.publishAtExample}" value="${a.schedule_pending && a.published_at ? formatVnDateTime(a.published_at) : ''}" aria-describedby="at-hint"><small id="at-hint">${p.publishAtHint}</small></p>`, 'button primary') : ''}
${can.unpublish ? form('go', p.unpublish) : ''}
${can.delete ? form('xoa', p.delete, '', 'button danger') : ''}
<p><a href="${editUrl(a.id)}/xem-truoc">${p.preview}</a> · <a href="${editUrl(a.id)}/phien-ban">${p.revisions}</a></p>
</section>`;
}

/**
 * The public page of the article beside the form. The editor bundle opens the
 * pane on wide screens and reloads the frame after each autosave; on narrow
 * screens, or without JavaScript, it is a pane to open by hand. The sandbox
 * keeps the staff session (same origin) but runs no script and sends no form,
 * so a click in the preview cannot sign anyone out.
 */
export function livePreviewPane(id: number): SafeHtml {
  return html`<details class="live-preview" data-live-preview data-open-when="(min-width: 90rem)">
<summary>${p.livePreview}</summary>
<iframe src="${editUrl(id)}/xem-truoc" title="${p.livePreviewFrame}" sandbox="allow-same-origin" loading="lazy"></iframe>
</details>`;
}

function diffHtml(parts: readonly DiffPart[]): SafeHtml {
  return html`<div class="diff">${parts.map((d) =>
    d.kind === 'added'
      ? html`<ins><span class="visually-hidden">[${p.added}] </span>${d.text}</ins>`
      : d.kind === 'removed'
        ? html`<del><span class="visually-hidden">[${p.removed}] </span>${d.text}</del>`
        : d.text,
  )}</div>`;
}

/** Revisions and workflow steps, newest first; a step taken in the same instant as a save comes after it. */
function historyItems(revisions: readonly RevisionRow[], events: readonly HistoryEvent[]) {
  const items = [
    ...events.map((e) => ({ at: e.at, event: e, revision: undefined })),
    ...revisions.map((r) => ({ at: r.created_at, event: undefined, revision: r })),
  ];
  return items.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}

const when = (iso: string) => html`<time datetime="${iso}">${formatVnDateTime(iso)}</time>`;

export function revisionsPage(
  a: StaffArticle,
  revisions: readonly RevisionRow[],
  events: readonly HistoryEvent[],
  comparison: RevisionComparison | null,
  canRestore: boolean,
  csrf: SafeHtml,
): SafeHtml {
  const options = (selected: number | undefined) =>
    revisions.map(
      (r) =>
        html`<option value="${r.id}"${selected === r.id ? html` selected` : ''}>${p.revision(r.revision_number)} · ${formatVnDateTime(r.created_at)}</option>`,
    );
  const revisionItem = (
    r: RevisionRow,
  ) => html`<li class="history-revision"><strong>${p.revision(r.revision_number)}</strong> · ${when(r.created_at)} · ${r.actor_name}${r.note ? html` · <em>${r.note}</em>` : ''}
${canRestore ? html`<form method="post" action="${editUrl(a.id)}/phien-ban/${r.id}/khoi-phuc" class="inline-form">${csrf}<input type="hidden" name="version" value="${a.version}"><button type="submit" class="button">${p.restore}</button></form>` : ''}</li>`;
  return html`<h1 class="page-title">${p.revisions}: ${a.title}</h1>
<p><a href="${editUrl(a.id)}">${p.editArticle}</a></p>
${
  revisions.length > 1
    ? html`<form class="filter" method="get" action="${editUrl(a.id)}/phien-ban">
  <label for="tu">${p.compareFrom}</label><select id="tu" name="tu">${options(comparison?.from.id ?? revisions[1]?.id)}</select>
  <label for="den">${p.compareTo}</label><select id="den" name="den">${options(comparison?.to.id ?? revisions[0]?.id)}</select>
  <button type="submit" class="button">${p.compare}</button>
</form>`
    : ''
}
${
  comparison
    ? html`<section aria-labelledby="so-sanh"><h2 id="so-sanh">${p.revision(comparison.from.revision_number)} → ${p.revision(comparison.to.revision_number)}</h2>
<h3>${p.diffTitle}</h3>${diffHtml(comparison.title)}<h3>${p.diffSapo}</h3>${diffHtml(comparison.sapo)}<h3>${p.diffBody}</h3>${diffHtml(comparison.body)}
${comparison.formatting.length ? html`<h3>${p.diffFormatting}</h3><ul class="format-changes">${comparison.formatting.map((line) => html`<li>${line}</li>`)}</ul>` : ''}
${comparison.fields.map((c) => html`<h3>${p.diffFields[c.field]}</h3>${diffHtml(c.parts)}`)}
${comparison.partial ? html`<p class="hint">${p.diffOldRevision}</p>` : ''}</section>`
    : ''
}
<h2 id="lich-su">${p.history}</h2>
<ol class="history-list" aria-labelledby="lich-su">
${historyItems(revisions, events).map(({ event, revision }) =>
  revision ? revisionItem(revision) : html`<li class="history-event">${when(event!.at)} · ${event!.sentence}</li>`,
)}
</ol>`;
}
