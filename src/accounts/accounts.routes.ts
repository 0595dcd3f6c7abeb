import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messages } from '../messages/vi.js';
import { clearSessionCookie, setSessionCookie } from './auth.js';
import { sendPrivatePage } from '../web/pages.js';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { redirectWithFlash, takeFlashMessage } from '../web/flash.js';
import { safeNext, withFormErrors } from '../web/request-info.js';
import {
  logIn,
  passwordLinkRule,
  registerReader,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from './accounts.service.js';
import { forgotView, loginView, noticeView, registerView, resetView } from './accounts.views.js';
import { endSession, startSession } from './sessions.js';
import { isStaff, type Actor } from './roles.js';

const m = messages.auth;
const LOGIN = '/dang-nhap';
type Form = Record<string, string | undefined>;
type Req = FastifyRequest<{ Body: Form; Params: { token: string }; Querystring: Form }>;

const landingOf = (user: Pick<Actor, 'role'>) => (isStaff(user) ? '/quan-tri' : '/');

export async function accountRoutes(app: FastifyInstance, ctx: WebContext) {
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    title: string,
    body: ReturnType<typeof loginView>,
    status = 200,
  ) => sendPrivatePage(request, reply, ctx.site, { status, meta: { title, noindex: true }, body });

  // Registering, asking for a reset link and setting a new password all end here, told once what happened.
  app.get('/dang-nhap', (request: Req, reply) =>
    request.actor
      ? reply.redirect(safeNext(request.query.tiep) ?? landingOf(request.actor), 303)
      : page(
          request,
          reply,
          m.loginTitle,
          loginView({ next: safeNext(request.query.tiep), ...takeFlashMessage(request, reply) }),
        ),
  );
  app.post('/dang-nhap', (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        const { user, needsSecondFactor } = await logIn(accountDeps(ctx, request), request.body, originOf(request));
        // A new id at every sign-in: a session id planted before login is worth nothing after it.
        if (request.session) await endSession(ctx.accounts, request.session.idHash);
        const session = await startSession(ctx.accounts, user, {
          userAgent: originOf(request).userAgent,
          verified: !needsSecondFactor,
        });
        setSessionCookie(reply, session.token, session.maxAgeSeconds);
        // Staff come to work: without a `tiep`, they land in the newsroom, readers on the home page.
        const next = safeNext(request.body.tiep) ?? landingOf(user);
        return reply.redirect(needsSecondFactor ? `/dang-nhap/xac-thuc?tiep=${encodeURIComponent(next)}` : next, 303);
      },
      (error, status) =>
        page(
          request,
          reply,
          m.loginTitle,
          loginView({ error, email: request.body?.email, next: safeNext(request.body?.tiep) }),
          status,
        ),
    ),
  );
  app.post('/dang-xuat', async (request, reply) => {
    if (request.session) await endSession(ctx.accounts, request.session.idHash);
    clearSessionCookie(reply);
    return reply.redirect('/', 303);
  });
  app.get('/dang-ky', (request, reply) => page(request, reply, m.registerTitle, registerView({})));
  app.post('/dang-ky', (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await registerReader(accountDeps(ctx, request), request.body, originOf(request));
        // POST → redirect → GET: a reload registers nothing twice (nor mails twice).
        return redirectWithFlash(reply, LOGIN, { text: m.registered });
      },
      (error, status) =>
        page(
          request,
          reply,
          m.registerTitle,
          registerView({ error, email: request.body?.email, displayName: request.body?.displayName }),
          status,
        ),
    ),
  );
  app.get('/quen-mat-khau', (request, reply) => page(request, reply, m.forgotTitle, forgotView({})));
  app.post('/quen-mat-khau', (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await requestPasswordReset(accountDeps(ctx, request), request.body, originOf(request));
        return redirectWithFlash(reply, LOGIN, { text: m.resetSent });
      },
      (error, status) => page(request, reply, m.forgotTitle, forgotView({ error, email: request.body?.email }), status),
    ),
  );
  /** The form, with the password rule of the account behind the link (staff need longer ones). */
  const resetForm = async (request: Req, reply: FastifyReply, error?: string, status?: number) => {
    const rule = await passwordLinkRule(ctx.accounts, request.params.token);
    return page(
      request,
      reply,
      m.resetTitle,
      resetView({ token: request.params.token, minPassword: rule?.minPassword ?? null, error }),
      status ?? (rule ? 200 : 400),
    );
  };
  app.get('/dat-lai-mat-khau/:token', (request: Req, reply) => resetForm(request, reply));
  app.post('/dat-lai-mat-khau/:token', (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await resetPassword(accountDeps(ctx, request), request.params.token, request.body, originOf(request));
        return redirectWithFlash(reply, LOGIN, { text: m.resetDone });
      },
      (error, status) => resetForm(request, reply, error, status),
    ),
  );
  app.get('/xac-nhan-email/:token', async (request: Req, reply) => {
    await verifyEmail(accountDeps(ctx, request), request.params.token, originOf(request));
    return page(
      request,
      reply,
      m.account,
      noticeView(m.account, m.emailVerified, { href: '/', text: messages.errors.backHome }),
    );
  });
}
