import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import { eventsOf, WEBHOOK_EVENTS, type DeliveryRow, type WebhookRow } from './webhooks.service.js';

const w = messages.webhooks;

export const webhookPath = (id: number) => `/quan-tri/webhook/${id}`;

function state(hook: WebhookRow): SafeHtml {
  if (!hook.active) return html`${w.inactive}`;
  if (hook.failing_since)
    return html`<strong class="form-error">${w.failing(formatVnDateTime(hook.failing_since))}</strong>`;
  return html`${w.active}`;
}

export function webhookListPage(
  hooks: readonly WebhookRow[],
  csrf: SafeHtml,
  message?: { error?: string },
  form: { url?: string; description?: string; events?: readonly string[] } = {},
): SafeHtml {
  const checked = new Set(form.events ?? []);
  return html`<h1 class="page-title">${w.title}</h1>
<p>${w.intro}</p>
${
  hooks.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${w.url}</th><th scope="col">${w.events}</th><th scope="col">${w.state}</th></tr></thead><tbody>
${hooks.map(
  (h) =>
    html`<tr><td><a href="${webhookPath(h.id)}">${h.url}</a>${h.description ? html`<br>${h.description}` : ''}</td><td>${eventsOf(
      h.events,
    )
      .map((e) => w.eventNames[e] ?? e)
      .join(', ')}</td><td>${state(h)}</td></tr>`,
)}
</tbody></table>`
    : html`<p>${w.none}</p>`
}
<form method="post" action="/quan-tri/webhook" class="settings-form">${csrf}
<fieldset><legend>${w.add}</legend>
${message?.error ? html`<p class="form-error" role="alert">${message.error}</p>` : ''}
<p class="field"><label for="url">${w.url}</label><input id="url" name="url" type="url" required maxlength="2000" value="${form.url ?? ''}"></p>
<p class="field"><label for="description">${w.description}</label><input id="description" name="description" maxlength="200" value="${form.description ?? ''}"></p>
<fieldset class="field"><legend>${w.events}</legend>
${WEBHOOK_EVENTS.map(
  (e) =>
    html`<p><input type="checkbox" id="event-${e}" name="events" value="${e}"${checked.has(e) ? html` checked` : ''}> <label for="event-${e}">${w.eventNames[e] ?? e}</label> <code>${e}</code></p>`,
)}
</fieldset>
<p><button type="submit" class="button primary">${w.save}</button></p>
</fieldset></form>`;
}

function deliveryDetail(d: DeliveryRow): string {
  const parts = [d.response_status ? `HTTP ${d.response_status}` : '', d.last_error];
  if (d.status === 'pending' && d.attempts > 0) parts.push(w.nextTry(formatVnDateTime(d.next_attempt_at)));
  return parts.filter(Boolean).join(' · ');
}

export function webhookPage(hook: WebhookRow, deliveries: readonly DeliveryRow[], csrf: SafeHtml): SafeHtml {
  const action = (path: string, label: string, primary = false) =>
    html`<form method="post" action="${webhookPath(hook.id)}/${path}" class="inline-form">${csrf}<button type="submit" class="button${primary ? ' primary' : ''}">${label}</button></form>`;
  return html`<h1 class="page-title">${w.title}: ${hook.url}</h1>
<dl>
<dt>${w.state}</dt><dd>${state(hook)}</dd>
<dt>${w.events}</dt><dd>${eventsOf(hook.events).map((e) => html`<code>${e}</code> `)}</dd>
${hook.description ? html`<dt>${w.description}</dt><dd>${hook.description}</dd>` : ''}
<dt>${w.secret}</dt><dd><code>${hook.secret}</code></dd>
</dl>
<p>${action('gui-thu', w.sendTest, true)} ${hook.active ? action('tat', w.disable) : action('bat', w.enable)} ${action('xoa', w.remove)}</p>
<h2>${w.log}</h2>
${
  deliveries.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${w.logColumns.when}</th><th scope="col">${w.logColumns.event}</th><th scope="col">${w.logColumns.status}</th><th scope="col">${w.logColumns.attempts}</th><th scope="col">${w.logColumns.detail}</th></tr></thead><tbody>
${deliveries.map(
  (d) =>
    html`<tr data-delivery="${d.id}" data-status="${d.status}"><td>${formatVnDateTime(d.created_at)}</td><td><code>${d.event}</code></td><td>${w.deliveryStatus[d.status] ?? d.status}</td><td>${d.attempts}</td><td>${deliveryDetail(d)}</td></tr>`,
)}
</tbody></table>`
    : html`<p>${w.logEmpty}</p>`
}`;
}
