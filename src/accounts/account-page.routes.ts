import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listCommentsOfUser } from '../comments/comments.service.js';
import { canChangeOwn, ownerOf } from '../comments/comments.service.js';
import { messages } from '../messages/vi.js';
import { clearSessionCookie, requireUser } from './auth.js';
import { sendPrivatePage } from '../web/pages.js';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { withFormErrors } from '../web/request-info.js';
import {
  changeDisplayName,
  changePassword,
  deleteOwnAccount,
  endOtherSessions,
  endOwnSession,
  listOwnSessions,
  requestEmailChange,
  resendVerification,
} from './account-settings.service.js';
import { accountView } from './account-page.views.js';
import { findUserById } from './accounts.repo.js';
import { noticeView } from './accounts.views.js';
import { passwordMin } from './passwords.js';
import { twoFactorSection } from './two-factor.views.js';

const m = messages.auth;
type Req = FastifyRequest<{ Body: Record<string, string | undefined>; Params: { id: string } }>;

/** /tai-khoan: every change a signed-in person can make to their own account. */
export async function accountPageRoutes(app: FastifyInstance, ctx: WebContext) {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    msg: { notice?: string; error?: string } = {},
    status = 200,
  ) => {
    const actor = request.actor!;
    const deps = accountDeps(ctx, request);
    const [user, sessions, comments] = await Promise.all([
      findUserById(deps.db, actor.id),
      listOwnSessions(deps, actor),
      listCommentsOfUser(deps.db, actor.id, 50),
    ]);
    const now = deps.now();
    const body = accountView({
      displayName: user!.display_name,
      email: user!.email,
      emailVerified: user!.email_verified === 1,
      minPassword: passwordMin(actor.role),
      sessions,
      currentSession: request.session!.idHash,
      comments: comments.map((c) => ({ ...c, editable: canChangeOwn(ownerOf(actor), c, now) })),
      extra: twoFactorSection({ role: actor.role, enabled: user!.totp_enabled === 1 }),
      ...msg,
    });
    return sendPrivatePage(request, reply, ctx.site, { status, meta: { title: m.accountTitle, noindex: true }, body });
  };
  /** Runs a change, then shows the page again with a notice, or with the error and its status. */
  const change = (request: Req, reply: FastifyReply, action: () => Promise<unknown>, notice: string) =>
    withFormErrors(
      reply,
      async () => {
        await action();
        // The name in the header comes from the session row, so read the new one.
        if (request.actor)
          request.actor = {
            ...request.actor,
            displayName: (await findUserById(ctx.accounts.db, request.actor.id))!.display_name,
          };
        return show(request, reply, { notice });
      },
      (error, status) => show(request, reply, { error }, status),
    );
  const opts = { preHandler: requireUser };

  app.get('/tai-khoan', opts, (request: FastifyRequest<{ Querystring: { 'can-2fa'?: string } }>, reply) =>
    show(request, reply, request.query['can-2fa'] ? { error: messages.twoFactor.required } : {}),
  );
  app.post('/tai-khoan/ten', opts, (request: Req, reply) =>
    change(request, reply, () => changeDisplayName(accountDeps(ctx, request), request.actor, request.body), m.saved),
  );
  app.post('/tai-khoan/mat-khau', opts, (request: Req, reply) =>
    change(
      request,
      reply,
      () =>
        changePassword(
          accountDeps(ctx, request),
          request.actor,
          request.body,
          request.session!.idHash,
          originOf(request),
        ),
      m.saved,
    ),
  );
  app.post('/tai-khoan/email', opts, (request: Req, reply) =>
    change(
      request,
      reply,
      () => requestEmailChange(accountDeps(ctx, request), request.actor, request.body, originOf(request)),
      m.emailChangeSent,
    ),
  );
  app.post('/tai-khoan/email/gui-lai-xac-nhan', opts, (request: Req, reply) =>
    change(
      request,
      reply,
      () => resendVerification(accountDeps(ctx, request), request.actor, originOf(request)),
      m.verificationResent,
    ),
  );
  app.post('/tai-khoan/phien/ket-thuc-tat-ca', opts, (request: Req, reply) =>
    change(
      request,
      reply,
      () => endOtherSessions(accountDeps(ctx, request), request.actor!, request.session!.idHash),
      m.sessionsEnded,
    ),
  );
  app.post('/tai-khoan/phien/:id/ket-thuc', opts, (request: Req, reply) =>
    change(
      request,
      reply,
      () => endOwnSession(accountDeps(ctx, request), request.actor!, request.params.id),
      m.sessionsEnded,
    ),
  );
  app.post('/tai-khoan/xoa', opts, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await deleteOwnAccount(accountDeps(ctx, request), request.actor, request.body, originOf(request));
        clearSessionCookie(reply);
        request.actor = null;
        request.session = null;
        return sendPrivatePage(request, reply, ctx.site, {
          meta: { title: m.accountTitle, noindex: true },
          body: noticeView(m.accountTitle, m.accountDeleted),
        });
      },
      (error, status) => show(request, reply, { error }, status),
    ),
  );
}
