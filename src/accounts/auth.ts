/**
 * Sign-in state for every request. How other modules use it:
 *
 * - `request.actor` is the signed-in Actor (id, role, displayName) or null.
 *   Pass it to services; never read cookies yourself.
 * - Guard routes with `{ preHandler: requireUser }` or
 *   `{ preHandler: requireRole('editor') }`: HTML requests without a session
 *   are sent to /dang-nhap (and back afterwards), JSON ones get 401; a user
 *   without the role gets 403.
 * - Every POST/PUT/PATCH/DELETE is checked for CSRF here, before any handler:
 *   put `${csrfField(request, reply)}` (src/web/csrf.ts) in each form, or send
 *   the token in the `x-csrf-token` header. No route can opt out.
 * - Pages sent with sendPublicPage are cached for guests only; a request with
 *   a session (or one the route marks personal, such as a guest's page that
 *   shows their own pending comment) is rendered afresh, so per-reader content
 *   never reaches the cache.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasRoleAtLeast, type Actor, type Role } from './roles.js';
import { resolveSession, type ResolvedSession, type SessionDeps } from './sessions.js';
import { forbidden, unauthorized } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import { cookieName, parseCookies, serializeCookie } from '../web/cookies.js';
import { enforceCsrf, type CsrfSettings } from '../web/csrf.js';
import { wantsJson } from '../web/error-handler.js';

declare module 'fastify' {
  interface FastifyInstance {
    csrf: CsrfSettings;
    authPolicy: AuthPolicy;
  }
  interface FastifyRequest {
    /** Null for guests and for sessions still waiting for their second factor. */
    actor: Actor | null;
    session: ResolvedSession | null;
    cookies: Map<string, string>;
  }
}

export interface AuthPolicy {
  /** Editors and admins without two-factor sign-in are sent to set it up first. A site setting, so read per check. */
  staffTwoFactorRequired: () => Promise<boolean>;
}

const SESSION_COOKIE = 'ts_session';

export function sessionCookieName(secure: boolean): string {
  return cookieName(SESSION_COOKIE, secure);
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = reply.request.https;
  reply.header('set-cookie', serializeCookie(sessionCookieName(secure), token, { secure, maxAge: maxAgeSeconds }));
}

export function clearSessionCookie(reply: FastifyReply): void {
  const secure = reply.request.https;
  reply.header('set-cookie', serializeCookie(sessionCookieName(secure), '', { secure, maxAge: 0 }));
}

/** Registered on the root instance (not encapsulated), so every route sees the actor and the CSRF check. */
export function registerAuth(
  app: FastifyInstance,
  deps: SessionDeps & { csrf: CsrfSettings; policy: AuthPolicy },
): void {
  app.decorate('csrf', deps.csrf);
  app.decorate('authPolicy', deps.policy);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('cookies', null as unknown as Map<string, string>);

  app.addHook('onRequest', async (request) => {
    request.cookies = parseCookies(request.headers.cookie);
    const token = request.cookies.get(sessionCookieName(request.https));
    if (!token) return;
    const session = await resolveSession(deps, token);
    request.session = session;
    request.actor = session?.verified ? session.actor : null;
  });
  app.addHook('preHandler', enforceCsrf);
}

function sendToLogin(request: FastifyRequest, reply: FastifyReply) {
  if (wantsJson(request) || request.method !== 'GET') throw unauthorized(m.auth.loginRequired);
  return reply.redirect(`/dang-nhap?tiep=${encodeURIComponent(request.url)}`, 303);
}

/** preHandler: the route needs a signed-in user. */
export async function requireUser(request: FastifyRequest, reply: FastifyReply) {
  if (!request.actor) return sendToLogin(request, reply);
}

/** preHandler: the route needs at least this role. */
export function requireRole(role: Role) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.actor) return sendToLogin(request, reply);
    if (!hasRoleAtLeast(request.actor, role)) throw forbidden(m.auth.forbidden);
    const mustEnrol =
      hasRoleAtLeast(request.actor, 'editor') &&
      !request.session?.totpEnabled &&
      (await request.server.authPolicy.staffTwoFactorRequired());
    if (mustEnrol) {
      if (wantsJson(request) || request.method !== 'GET') throw forbidden(m.twoFactor.required);
      return reply.redirect('/tai-khoan?can-2fa=1#hai-buoc', 303);
    }
  };
}
