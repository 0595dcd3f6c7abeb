import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { messages } from '../messages/vi.js';
import { requireUser } from './auth.js';
import { sendPrivatePage } from '../web/pages.js';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { redirectWithFlash } from '../web/flash.js';
import { safeNext, withFormErrors } from '../web/request-info.js';
import { findUserById } from './accounts.repo.js';
import { completeSecondFactor } from './sessions.js';
import { beginTotpSetup, confirmTotpSetup, disableTotp, verifySecondFactor } from './two-factor.service.js';
import { otpauthUri } from './totp.js';
import { recoveryCodesView, secondFactorView, totpSetupView } from './two-factor.views.js';
import { noticeView } from './accounts.views.js';
import type { SafeHtml } from '../web/html.js';

const m = messages.twoFactor;
type Req = FastifyRequest<{
  Body: Record<string, string | undefined>;
  Querystring: Record<string, string | undefined>;
}>;

export async function twoFactorRoutes(app: FastifyInstance, ctx: WebContext) {
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, status = 200) =>
    sendPrivatePage(request, reply, ctx.site, { status, meta: { title, noindex: true }, body });
  const opts = { preHandler: requireUser };
  /** A refused two-factor change, shown with its message and a way back to the account page. */
  const showRefusal = (request: FastifyRequest, reply: FastifyReply) => (error: string, status: number) =>
    page(
      request,
      reply,
      m.section,
      noticeView(m.section, error, { href: '/tai-khoan#hai-buoc', text: messages.auth.account }),
      status,
    );

  /** Only a session that passed the password and waits for its second factor may be here. */
  const pendingSession = (request: FastifyRequest) =>
    request.session && !request.session.verified ? request.session : null;

  app.get('/dang-nhap/xac-thuc', (request: Req, reply) =>
    pendingSession(request)
      ? page(request, reply, m.loginTitle, secondFactorView({ next: safeNext(request.query.tiep) }))
      : reply.redirect('/dang-nhap', 303),
  );
  app.post('/dang-nhap/xac-thuc', (request: Req, reply) => {
    const session = pendingSession(request);
    if (!session) return reply.redirect('/dang-nhap', 303);
    return withFormErrors(
      reply,
      async () => {
        await verifySecondFactor(accountDeps(ctx, request), session.actor.id, request.body, originOf(request));
        await completeSecondFactor(ctx.accounts, session.idHash);
        return reply.redirect(safeNext(request.body.tiep) ?? '/', 303);
      },
      (error, status) =>
        page(request, reply, m.loginTitle, secondFactorView({ next: safeNext(request.body?.tiep), error }), status),
    );
  });
  app.post('/tai-khoan/hai-buoc/bat', opts, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        const settings = await ctx.site.settings();
        const setup = await beginTotpSetup(
          accountDeps(ctx, request),
          request.actor,
          request.body,
          settings.name,
          originOf(request),
        );
        return page(request, reply, m.setupTitle, totpSetupView(setup));
      },
      showRefusal(request, reply),
    ),
  );
  app.post('/tai-khoan/hai-buoc/xac-nhan', opts, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () =>
        page(
          request,
          reply,
          m.recoveryTitle,
          recoveryCodesView(
            await confirmTotpSetup(accountDeps(ctx, request), request.actor, request.body, originOf(request)),
          ),
        ),
      async (error, status) => {
        const user = await findUserById(ctx.accounts.db, request.actor!.id);
        const settings = await ctx.site.settings();
        const secret = user?.totp_pending_secret;
        if (!user || !secret)
          return page(
            request,
            reply,
            m.section,
            noticeView(m.section, error, { href: '/tai-khoan#hai-buoc', text: messages.auth.account }),
            status,
          );
        return page(
          request,
          reply,
          m.setupTitle,
          totpSetupView({ secret, uri: otpauthUri(secret, user.email, settings.name), error }),
          status,
        );
      },
    ),
  );
  app.post('/tai-khoan/hai-buoc/tat', opts, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await disableTotp(accountDeps(ctx, request), request.actor, request.body, originOf(request));
        // Back to the account page, which says so once and shows the section off (a reload repeats nothing).
        return redirectWithFlash(reply, '/tai-khoan', { text: m.turnedOff });
      },
      showRefusal(request, reply),
    ),
  );
}
