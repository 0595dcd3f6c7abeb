import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmac, randomToken, safeEqual } from './tokens.js';
import { forbidden } from '../errors.js';
import { messages as m } from '../messages/vi.js';
import { cookieName, serializeCookie } from './cookies.js';
import { html, SafeHtml } from './html.js';
import type { SiteOrigin } from './site-origin.js';

/**
 * CSRF tokens. A signed-in request's token is bound to its session (a
 * synchroniser token that needs no storage); a guest's to a random HttpOnly
 * cookie (signed double submit). A token also carries the time its form was
 * made, which the comment form uses as a spam signal.
 */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const GUEST_COOKIE = 'ts_csrf';
const MAX_AGE_MS = 2 * 24 * 3600_000;

/** Cached public pages carry this marker; it becomes the reader's own field when the page is sent. */
export const CSRF_MARKER = '<!--toasoan:csrf-->';
/** Put this in a form of a page that may be cached; fillCsrf swaps it for the reader's field. */
export const csrfSlot = new SafeHtml(CSRF_MARKER);

export interface CsrfSettings {
  secret: string;
  /** Which origins state-changing requests may come from: configured ones only, never the request's Host. */
  origin: SiteOrigin;
  now: () => Date;
}

function guestCookieName(request: FastifyRequest): string {
  return cookieName(GUEST_COOKIE, request.https);
}

function binding(request: FastifyRequest): string | undefined {
  if (request.session) return `s:${request.session.idHash}`;
  const guest = request.cookies.get(guestCookieName(request));
  return guest ? `g:${guest}` : undefined;
}

/**
 * Forms on pages served to guests from the shared cache carry a token bound
 * to no one. A guest has no ambient authority for a forged request to abuse,
 * and the Origin check still applies to every unsafe request; the token then
 * only dates the form (a spam signal), so one per second serves every guest
 * without a cookie or a signature per page view.
 */
const ANONYMOUS = 'g:*';
const anonymousFields = new WeakMap<CsrfSettings, { second: number; bytes: Buffer }>();

/** The anonymous hidden field as bytes, made once a second, for cached pages sent as buffers. */
export function anonymousCsrfFieldBytes(s: CsrfSettings): Buffer {
  const second = Math.floor(s.now().getTime() / 1000);
  let current = anonymousFields.get(s);
  if (current?.second !== second) {
    const issued = second.toString(36);
    const token = `${issued}.${hmac(s.secret, `${ANONYMOUS}|${issued}`)}`;
    const field = html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;
    current = { second, bytes: Buffer.from(field.value) };
    anonymousFields.set(s, current);
  }
  return current.bytes;
}

/** What a submitted token may be bound to: the session when there is one, else the guest cookie or no one. */
function acceptedBindings(request: FastifyRequest): string[] {
  if (request.session) return [`s:${request.session.idHash}`];
  const guest = request.cookies.get(guestCookieName(request));
  return guest ? [`g:${guest}`, ANONYMOUS] : [ANONYMOUS];
}

export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  const s = request.server.csrf;
  let bound = binding(request);
  if (!bound) {
    const guest = randomToken();
    request.cookies.set(guestCookieName(request), guest);
    reply.header('set-cookie', serializeCookie(guestCookieName(request), guest, { secure: request.https }));
    bound = `g:${guest}`;
  }
  const issued = Math.floor(s.now().getTime() / 1000).toString(36);
  return `${issued}.${hmac(s.secret, `${bound}|${issued}`)}`;
}

/** The hidden input every form that changes state must carry. */
export function csrfField(request: FastifyRequest, reply: FastifyReply): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(request, reply)}">`;
}

export function fillCsrf(request: FastifyRequest, reply: FastifyReply, page: string): string {
  return page.includes(CSRF_MARKER) ? page.replaceAll(CSRF_MARKER, csrfField(request, reply).value) : page;
}

/** When the form behind this request was made, if its token is valid. */
export function tokenIssuedAt(request: FastifyRequest): Date | undefined {
  const s = request.server.csrf;
  const token = submittedToken(request);
  if (!token) return undefined;
  const [issued, mac] = token.split('.');
  if (!issued || !mac) return undefined;
  if (!acceptedBindings(request).some((bound) => safeEqual(mac, hmac(s.secret, `${bound}|${issued}`))))
    return undefined;
  const at = new Date(parseInt(issued, 36) * 1000);
  const age = s.now().getTime() - at.getTime();
  return age >= -60_000 && age <= MAX_AGE_MS ? at : undefined;
}

function submittedToken(request: FastifyRequest): string | undefined {
  const header = request.headers[CSRF_HEADER];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body[CSRF_FIELD] : undefined;
  return typeof field === 'string' ? field : undefined;
}

function sameOrigin(request: FastifyRequest, s: CsrfSettings): boolean {
  const from = request.headers.origin ?? request.headers.referer;
  return from !== undefined && s.origin.acceptsOrigin(from);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'origin-only': the route changes nothing anyone owns (an anonymous counter), so it needs no token,
     * which a page served from a cache could not carry; a request from another site is still refused.
     */
    csrf?: 'origin-only';
  }
}

/** Runs before every handler: a state-changing request needs our Origin and a valid token, whatever the route. */
export async function enforceCsrf(request: FastifyRequest): Promise<void> {
  if (SAFE_METHODS.has(request.method)) return;
  const s = request.server.csrf;
  if (!sameOrigin(request, s)) throw forbidden(m.auth.csrfOrigin, 'csrf');
  if (request.routeOptions.config.csrf === 'origin-only') return;
  if (!tokenIssuedAt(request)) throw forbidden(m.auth.csrfExpired, 'csrf');
}
