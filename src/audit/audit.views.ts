import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import type { AuditEntryWithRole } from './audit.repo.js';
import { auditSentence } from './audit-sentences.js';

const p = messages.newsroom.pages;

export function auditPage(entries: readonly AuditEntryWithRole[]): SafeHtml {
  return html`<h1 class="page-title">${p.audit}</h1>
<p><a class="button" href="/quan-tri/nhat-ky.csv" download>${messages.auditLog.export}</a></p>
<table class="staff-table"><thead><tr><th scope="col">${p.when}</th><th scope="col">${p.action}</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td><time datetime="${e.created_at}">${formatVnDateTime(e.created_at)}</time></td><td>${auditSentence(e)}</td></tr>`)}
</tbody></table>`;
}
