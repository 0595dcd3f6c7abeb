import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { withFormErrors } from '../web/request-info.js';
import { changeUserAccess, inviteUser, listUsersForAdmin } from './user-admin.service.js';
import { userAdminPage } from './user-admin.views.js';

const u = messages.userAdmin;
type FormRoute = { Body: Record<string, string | undefined>; Params: { id?: string } };
type Form = FastifyRequest<FormRoute>;

/** The back office's people (/quan-tri/nguoi-dung): invite, change a role, lock an account; every outcome shown on the list. */
export async function userAdminRoutes(app: FastifyInstance, ctx: WebContext) {
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    message?: { error?: string; notice?: string },
    status = 200,
  ) {
    const body = userAdminPage(
      await listUsersForAdmin(ctx.accounts, request.actor),
      csrfField(request, reply),
      message,
    );
    return sendStaffPage(ctx.site, request, reply, u.title, body, { status, section: '/quan-tri/nguoi-dung' });
  }
  const change =
    (run: (request: Form) => Promise<unknown>, notice: (request: Form) => string) =>
    (request: Form, reply: FastifyReply) =>
      withFormErrors(
        reply,
        async () => (await run(request), show(request, reply, { notice: notice(request) })),
        (error, status) => show(request, reply, { error }, status),
      );
  const invite = async (req: Form) => {
    const { email = '', displayName = '', role = '' } = req.body;
    return inviteUser(accountDeps(ctx, req), req.actor, { email, displayName, role }, (await ctx.site.settings()).name);
  };
  const userId = (req: Form) => idFromPath(req.params.id!, u.notFound);
  const saved = () => u.saved;
  const setRole = change(
    (req) => changeUserAccess(ctx.accounts, req.actor, userId(req), { role: req.body.role ?? '' }, originOf(req)),
    saved,
  );
  const setLock = change(
    (req) =>
      changeUserAccess(ctx.accounts, req.actor, userId(req), { disabled: req.body.disabled === '1' }, originOf(req)),
    saved,
  );

  app.get('/quan-tri/nguoi-dung', staffOnly, (req, reply) => show(req, reply));
  app.post<FormRoute>(
    '/quan-tri/nguoi-dung',
    staffOnly,
    change(invite, (req) => u.invited(req.body.email ?? '')),
  );
  app.post<FormRoute>('/quan-tri/nguoi-dung/:id/vai-tro', staffOnly, setRole);
  app.post<FormRoute>('/quan-tri/nguoi-dung/:id/khoa', staffOnly, setLock);
}
