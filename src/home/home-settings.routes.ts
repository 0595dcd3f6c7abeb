import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { updateHomeSettings } from './home-settings.service.js';
import { homeSettingsFromForm, homeSettingsPage } from './home-settings.views.js';
import { sidebarLayout, siteLinks } from './sidebar.js';

const s = messages.homeSettings;
const PATH = '/quan-tri/cai-dat/trang-chu';

/** The home page's side column in the back office: which blocks, in what order, and the related sites. */
export async function homeSettingsRoutes(app: FastifyInstance, { site }: WebContext) {
  async function show(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
    assertCanOnSite(request.actor, 'manageSettings');
    const db = site.db.kysely;
    const body = homeSettingsPage(await sidebarLayout(db), await siteLinks(db), csrfField(request, reply), error);
    return sendStaffPage(site, request, reply, s.title, body, { status, section: '/quan-tri/cai-dat' });
  }
  const save = (request: FastifyRequest<{ Body: Record<string, string | undefined> }>, reply: FastifyReply) =>
    withFormErrors(
      reply,
      async () => {
        await updateHomeSettings(site.deps, request.actor, homeSettingsFromForm(request.body));
        return redirectWithFlash(reply, PATH, { text: s.saved });
      },
      (error, status) => show(request, reply, error, status),
    );

  app.get(PATH, staffOnly, (req, reply) => show(req, reply));
  app.post<{ Body: Record<string, string | undefined> }>(PATH, staffOnly, save);
}
