import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { csrfField } from '../web/csrf.js';
import { withFormErrors } from '../web/request-info.js';
import { createCategory, updateCategory } from './category-admin.service.js';
import { categoryAdminPage, categoryFromForm } from './category-admin.views.js';

const c = messages.categoryAdmin;
type FormRoute = { Body: Record<string, string | undefined>; Params: { id?: string } };
type Form = FastifyRequest<FormRoute>;

/** The back office's category list (/quan-tri/chuyen-muc): one page, every change shown again on it. */
export async function categoryAdminRoutes(app: FastifyInstance, { site }: WebContext) {
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    message?: { error?: string; notice?: string },
    status = 200,
  ) {
    assertCanOnSite(request.actor, 'manageCategories');
    const body = categoryAdminPage(await site.categories(), csrfField(request, reply), message);
    return sendStaffPage(site, request, reply, c.title, body, { status, section: '/quan-tri/chuyen-muc' });
  }
  /** A refused change shows the page again with the reason. */
  const change = (run: (request: Form) => Promise<unknown>) => (request: Form, reply: FastifyReply) =>
    withFormErrors(
      reply,
      async () => (await run(request), reply.redirect('/quan-tri/chuyen-muc?luu=1', 303)),
      (error, status) => show(request, reply, { error }, status),
    );

  const list = (req: FastifyRequest<{ Querystring: { luu?: string } }>, reply: FastifyReply) =>
    show(req, reply, req.query.luu ? { notice: c.saved } : undefined);
  const create = change((req) => createCategory(site.deps, req.actor, categoryFromForm(req.body)));
  const update = change((req) =>
    updateCategory(site.deps, req.actor, idFromPath(req.params.id!, c.notFound), categoryFromForm(req.body)),
  );

  app.get<{ Querystring: { luu?: string } }>('/quan-tri/chuyen-muc', staffOnly, list);
  app.post<FormRoute>('/quan-tri/chuyen-muc', staffOnly, create);
  app.post<FormRoute>('/quan-tri/chuyen-muc/:id', staffOnly, update);
}
