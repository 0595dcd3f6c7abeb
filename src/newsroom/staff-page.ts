import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { countByStatus } from '../comments/moderation.service.js';
import { pendingNote } from '../comments/moderation.views.js';
import type { Site } from '../site/site.js';
import { requireRole } from '../accounts/auth.js';
import type { SafeHtml } from '../web/html.js';
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
