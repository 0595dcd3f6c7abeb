import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import type { AuditEntryWithRole } from './audit.repo.js';
import { ACTION_OF_SLUG, type AuditQuery } from './audit-filter.js';
import { auditSentence } from './audit-sentences.js';

const p = messages.newsroom.pages;
const a = messages.auditLog;

export interface AuditPageInput {
  entries: readonly AuditEntryWithRole[];
  query: AuditQuery;
  actors: readonly { id: number; name: string }[];
  error?: string;
}

/** The same filter as a query string, so the CSV export holds exactly what the page shows. */
export function auditQueryString(q: AuditQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export function auditPage(v: AuditPageInput): SafeHtml {
  const q = v.query;
  const selected = (on: boolean) => (on ? html` selected` : '');
  return html`<h1 class="page-title">${p.audit}</h1>
${formMessage(v.error)}
<form class="filter" method="get" action="/quan-tri/nhat-ky">
  <label for="nguoi">${a.filterUser}</label>
  <select id="nguoi" name="nguoi"><option value="">${a.allUsers}</option>${v.actors.map(
    (u) => html`<option value="${u.id}"${selected(q.nguoi === String(u.id))}>${u.name}</option>`,
  )}</select>
  <label for="hanh-dong">${a.filterAction}</label>
  <select id="hanh-dong" name="hanh-dong"><option value="">${a.allActions}</option>${Object.entries(ACTION_OF_SLUG).map(
    ([slug, code]) => html`<option value="${slug}"${selected(q['hanh-dong'] === slug)}>${a.actionNames[code]}</option>`,
  )}</select>
  <label for="tu">${a.filterFrom}</label>
  <input id="tu" name="tu" inputmode="numeric" placeholder="dd/mm/yyyy" size="10" maxlength="10" value="${q.tu ?? ''}">
  <label for="den">${a.filterTo}</label>
  <input id="den" name="den" inputmode="numeric" placeholder="dd/mm/yyyy" size="10" maxlength="10" value="${q.den ?? ''}">
  <button type="submit" class="button">${a.filter}</button>
</form>
${v.error ? '' : html`<p><a class="button" href="/quan-tri/nhat-ky.csv${auditQueryString(q)}" download>${a.export}</a></p>`}
${
  v.entries.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${p.when}</th><th scope="col">${p.action}</th></tr></thead><tbody>
${v.entries.map((e) => html`<tr><td><time datetime="${e.created_at}">${formatVnDateTime(e.created_at)}</time></td><td>${auditSentence(e)}</td></tr>`)}
</tbody></table>`
    : html`<p>${a.empty}</p>`
}`;
}
