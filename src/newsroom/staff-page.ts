import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { countByStatus } from '../comments/moderation.service.js';
import { pendingNote } from '../comments/moderation.views.js';
import type { Site } from '../site/site.js';
import { requireRole } from '../accounts/auth.js';
import { html, type SafeHtml } from '../web/html.js';
import { messages } from '../messages/vi.js';
import { csrfField } from '../web/csrf.js';
import { flashView, takeFlash } from '../web/flash.js';
import { staffLayout } from './staff-layout.js';

/** Any member of staff gets in; each page then checks its own permission. */
export const staffOnly = { preHandler: requireRole('author') };

/** Back-office pages are personal and change with every action: never cached by anyone. */
export async function neverCached(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
}

export interface StaffPageOptions {
  status?: number;
  /** Path of the menu entry to mark as current. */
  section?: string;
  withEditor?: boolean;
}

/** Sends a page in the staff shell. */
export async function sendStaffPage(
  site: Site,
  request: FastifyRequest,
  reply: FastifyReply,
  title: string,
  body: SafeHtml,
  opts: StaffPageOptions = {},
) {
  const settings = await site.settings();
  // Editors see the moderation backlog on every staff page, not only in the queue.
  const staffNote = hasRoleAtLeast(request.actor, 'editor')
    ? pendingNote(await countByStatus(site.db.kysely, 'pending'))
    : undefined;
  const csrf = csrfField(request, reply);
  return reply
    .code(opts.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(
      staffLayout({
        title,
        siteName: settings.name,
        actor: request.actor,
        section: opts.section,
        body,
        withEditor: opts.withEditor,
        staffNote,
        csrfField: csrf,
        flash: flashView(takeFlash(request, reply), csrf),
      }),
    );
}

/** A step that cannot simply be taken back asks first: the form posts again with `confirmed=1`. */
export interface Confirmation {
  title: string;
  question: string;
  /** Where the confirmed form posts, and what it sends. */
  action: string;
  fields: Record<string, string>;
  confirmLabel: string;
  /** Where "Hủy" goes: the page the person came from. */
  cancelHref: string;
}

export const isConfirmed = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && (body as Record<string, unknown>).confirmed === '1';

/**
 * The question as a page of its own, so it works without scripts; answering
 * a POST with it changes nothing, so a reload is harmless.
 */
export function sendConfirmPage(site: Site, request: FastifyRequest, reply: FastifyReply, c: Confirmation) {
  const t = messages.staffTools;
  const body = html`<h1 class="page-title">${c.title}</h1>
<section class="confirm" aria-labelledby="hoi-lai"><p id="hoi-lai">${c.question}</p>
<form method="post" action="${c.action}" class="confirm-actions">${csrfField(request, reply)}${Object.entries(
    c.fields,
  ).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<input type="hidden" name="confirmed" value="1"><button type="submit" class="button danger">${c.confirmLabel}</button> <a class="button" href="${c.cancelHref}">${t.cancel}</a></form>
</section>`;
  return sendStaffPage(site, request, reply, c.title, body);
}
