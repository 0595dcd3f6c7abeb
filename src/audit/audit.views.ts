import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import type { AuditEntry } from './audit.repo.js';

const p = messages.newsroom.pages;

export function auditPage(entries: readonly AuditEntry[]): SafeHtml {
  return html`<h1 class="page-title">${p.audit}</h1>
<table class="staff-table"><thead><tr><th scope="col">${p.when}</th><th scope="col">${p.who}</th><th scope="col">${p.action}</th><th scope="col">${p.detail}</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${formatVnDateTime(e.created_at)}</td><td>${e.actor_name}</td><td><code>${e.action}</code></td><td>${e.detail}</td></tr>`)}
</tbody></table>`;
}
