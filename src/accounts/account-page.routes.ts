import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listCommentsOfUser } from '../comments/comments.service.js';
import { canChangeOwn, ownerOf } from '../comments/comments.service.js';
import { messages } from '../messages/vi.js';
import { clearSessionCookie, requireUser } from './auth.js';
import { sendPrivatePage } from '../web/pages.js';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { redirectWithFlash, takeFlash, takeFlashMessage } from '../web/flash.js';
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
const ACCOUNT = '/tai-khoan';
const DELETED = '/tai-khoan/da-xoa';
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
  /**
   * Runs a change; done, it goes back to the account page, which says once
   * what happened (POST → redirect → GET: a reload repeats nothing, and the
   * header's name is read fresh from the session row). Refused, nothing
   * happened, so the page shows again with the reason and its status.
   */
  const change = (request: Req, reply: FastifyReply, action: () => Promise<string>) =>
    withFormErrors(
      reply,
      async () => redirectWithFlash(reply, ACCOUNT, { text: await action() }),
      (error, status) => show(request, reply, { error }, status),
    );
  const opts = { preHandler: requireUser };

  app.get(ACCOUNT, opts, (request: FastifyRequest<{ Querystring: { 'can-2fa'?: string } }>, reply) => {
    const said = takeFlashMessage(request, reply);
    if (said.notice || said.error) return show(request, reply, said);
    return show(request, reply, request.query['can-2fa'] ? { error: messages.twoFactor.required } : {});
  });
  app.post('/tai-khoan/ten', opts, (request: Req, reply) =>
    change(request, reply, async () =>
      m.nameChanged(await changeDisplayName(accountDeps(ctx, request), request.actor, request.body)),
    ),
  );
  app.post('/tai-khoan/mat-khau', opts, (request: Req, reply) =>
    change(request, reply, async () => {
      const deps = accountDeps(ctx, request);
      await changePassword(deps, request.actor, request.body, request.session!.idHash, originOf(request));
      return m.passwordChanged;
    }),
  );
  app.post('/tai-khoan/email', opts, (request: Req, reply) =>
    change(request, reply, async () => {
      await requestEmailChange(accountDeps(ctx, request), request.actor, request.body, originOf(request));
      return m.emailChangeSent;
    }),
  );
  app.post('/tai-khoan/email/gui-lai-xac-nhan', opts, (request: Req, reply) =>
    change(request, reply, async () => {
      await resendVerification(accountDeps(ctx, request), request.actor, originOf(request));
      return m.verificationResent;
    }),
  );
  app.post('/tai-khoan/phien/ket-thuc-tat-ca', opts, (request: Req, reply) =>
    change(request, reply, async () => {
      await endOtherSessions(accountDeps(ctx, request), request.actor!, request.session!.idHash);
      return m.otherSessionsEnded;
    }),
  );
  app.post('/tai-khoan/phien/:id/ket-thuc', opts, (request: Req, reply) =>
    change(request, reply, async () => {
      await endOwnSession(accountDeps(ctx, request), request.actor!, request.params.id);
      return m.sessionEnded;
    }),
  );
  /** Signed out and gone: the notice is said on a page of its own, which changes nothing when loaded. */
  app.post('/tai-khoan/xoa', opts, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await deleteOwnAccount(accountDeps(ctx, request), request.actor, request.body, originOf(request));
        clearSessionCookie(reply);
        return redirectWithFlash(reply, DELETED, { text: m.accountDeleted });
      },
      (error, status) => show(request, reply, { error }, status),
    ),
  );
  // Without the notice (a reload, a typed address) there is nothing to say here: the home page instead.
  app.get(DELETED, (request, reply) => {
    const flash = takeFlash(request, reply);
    if (!flash) return reply.redirect('/', 303);
    return sendPrivatePage(request, reply, ctx.site, {
      meta: { title: m.accountTitle, noindex: true },
      body: noticeView(m.accountTitle, flash.text, { href: '/', text: messages.errors.backHome }),
    });
  });
}
