import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { listImageChoices } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { updateSiteSettings } from './site-settings.service.js';
import { settingsFromForm, settingsPage } from './site-settings.views.js';

const s = messages.settingsAdmin;

/** The back office's site settings (/quan-tri/cai-dat): one form, a refused value shown on it with the reason. */
export async function siteSettingsRoutes(app: FastifyInstance, { site }: WebContext) {
  async function show(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
    assertCanOnSite(request.actor, 'manageSettings');
    const body = settingsPage(
      await site.settings(),
      await listImageChoices(site.db, 100),
      csrfField(request, reply),
      error,
    );
    return sendStaffPage(site, request, reply, s.title, body, { status, section: '/quan-tri/cai-dat' });
  }
  const save = (request: FastifyRequest<{ Body: Record<string, string | undefined> }>, reply: FastifyReply) =>
    withFormErrors(
      reply,
      async () => {
        await updateSiteSettings(
          site.deps,
          request.actor,
          settingsFromForm(request.body),
          request.session?.totpEnabled === true,
        );
        return redirectWithFlash(reply, '/quan-tri/cai-dat', { text: s.saved });
      },
      (error, status) => show(request, reply, error, status),
    );

  app.get('/quan-tri/cai-dat', staffOnly, (req, reply) => show(req, reply));
  app.post<{ Body: Record<string, string | undefined> }>('/quan-tri/cai-dat', staffOnly, save);
}
