import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import {
  deleteRedirect,
  findRedirectForStaff,
  listRedirectsForStaff,
  redirectFor,
  REDIRECTS_PER_PAGE,
  updateRedirect,
} from './redirects.service.js';
import { redirectEditPage, redirectListPage } from './redirects.views.js';

const m = messages.redirects;
const SECTION = '/quan-tri/chuyen-huong';
type ListRoute = { Querystring: { trang?: string; q?: string } };
type EditRoute = { Params: { id: string }; Body: Record<string, string | undefined> };

/** The back office's list of old addresses (/quan-tri/chuyen-huong): each answers with a 301 to its target. */
export async function redirectRoutes(app: FastifyInstance, { site }: WebContext) {
  const db = site.db.kysely;

  async function list(request: FastifyRequest<ListRoute>, reply: FastifyReply) {
    const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.trang ?? '1', 10) || 1));
    // A repeated ?q= arrives as an array: the first one counts, as on the other lists.
    const q = String([request.query.q ?? ''].flat()[0] ?? '')
      .trim()
      .slice(0, 200);
    const rows = await listRedirectsForStaff(db, request.actor, { page, q });
    const body = redirectListPage(rows, { page, q, more: rows.length === REDIRECTS_PER_PAGE });
    return sendStaffPage(site, request, reply, m.title, body, { section: SECTION });
  }

  async function edit(request: FastifyRequest<EditRoute>, reply: FastifyReply, error?: string, status = 200) {
    const row = await findRedirectForStaff(db, request.actor, idFromPath(request.params.id, m.notFound));
    const values = error
      ? { oldPath: request.body.oldPath ?? '', target: request.body.target ?? '' }
      : { oldPath: row.old_path, target: row.target };
    const body = redirectEditPage(row, csrfField(request, reply), values, error);
    return sendStaffPage(site, request, reply, m.editTitle, body, { status, section: SECTION });
  }

  const save = (request: FastifyRequest<EditRoute>, reply: FastifyReply) =>
    withFormErrors(
      reply,
      async () => {
        const id = idFromPath(request.params.id, m.notFound);
        await updateRedirect(
          db,
          request.actor,
          id,
          { oldPath: request.body.oldPath ?? '', target: request.body.target ?? '' },
          site.now(),
        );
        site.contentChanged();
        return redirectWithFlash(reply, SECTION, { text: m.saved });
      },
      (error, status) => edit(request, reply, error, status),
    );

  const remove = async (request: FastifyRequest<EditRoute>, reply: FastifyReply) => {
    await deleteRedirect(db, request.actor, idFromPath(request.params.id, m.notFound), site.now());
    site.contentChanged();
    return redirectWithFlash(reply, SECTION, { text: m.deleted });
  };

  app.get<ListRoute>(SECTION, staffOnly, list);
  app.get<EditRoute>(`${SECTION}/:id`, staffOnly, (req, reply) => edit(req, reply));
  app.post<EditRoute>(`${SECTION}/:id`, staffOnly, save);
  app.post<EditRoute>(`${SECTION}/:id/xoa`, staffOnly, remove);
}

const OLD_QUERY = /^\/\?(?:.*&)?(?:p|page_id|cat)=/;

/**
 * WordPress's own short addresses (/?p=12, /?page_id=7) reach the home page,
 * which would answer 200: they are looked up before it. Other old addresses
 * find no route and are looked up by the 404 handler.
 */
export function oldQueryAddresses(site: WebContext['site']) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !OLD_QUERY.test(request.url)) return;
    const target = await redirectFor(site.db.kysely, request.url);
    if (target) return reply.header('cache-control', 'public, max-age=3600').redirect(target, 301);
  };
}
