import type { FastifyReply, FastifyRequest } from 'fastify';
import { hmac, safeEqual } from '../web/tokens.js';
import { cookieName, serializeCookie } from '../web/cookies.js';
import { OWN_EDIT_WINDOW_MS, ownerOf, type CommentOwner } from './comments.service.js';

/**
 * A guest proves they wrote a comment with the token they got when posting
 * (only its hash is stored). All their tokens travel in one cookie signed by
 * the server, the newest MAX_ENTRIES only: a cookie per comment once pushed a
 * busy guest's requests over the header limit. It lasts the edit window from
 * the latest post and has the session cookie's flags.
 */
const NAME = 'ts_yk';
/** At most this many comments stay editable by one browser; each adds about 55 bytes. */
export const MAX_OWNED = 20;
const ENTRY = /^(\d{1,15})\.([\w-]{43})$/;

type Owned = Map<number, string>;

function nameOf(request: FastifyRequest): string {
  return cookieName(NAME, request.https);
}

/** `id.token~id.token!signature`: only characters a cookie value carries unescaped. */
export function encodeOwnerCookie(secret: string, owned: Owned): string {
  const entries = [...owned].map(([id, token]) => `${id}.${token}`).join('~');
  return `${entries}!${hmac(secret, `${NAME}|${entries}`)}`;
}

/** The tokens in a cookie this server signed; anything else, or anything altered, is no one's. */
function decodeOwnerCookie(secret: string, value: string | undefined): Owned {
  const owned: Owned = new Map();
  const bang = value?.lastIndexOf('!') ?? -1;
  if (!value || bang < 0) return owned;
  const entries = value.slice(0, bang);
  if (!safeEqual(value.slice(bang + 1), hmac(secret, `${NAME}|${entries}`))) return owned;
  for (const entry of entries.split('~').slice(-MAX_OWNED)) {
    const m = ENTRY.exec(entry);
    if (m) owned.set(Number(m[1]), m[2]!);
  }
  return owned;
}

function guestTokensOf(request: FastifyRequest): Owned {
  return decodeOwnerCookie(request.server.csrf.secret, request.cookies.get(nameOf(request)));
}

function writeOwned(reply: FastifyReply, owned: Owned): void {
  const { secret } = reply.server.csrf;
  const value = owned.size ? encodeOwnerCookie(secret, owned) : '';
  reply.header(
    'set-cookie',
    serializeCookie(nameOf(reply.request), value, {
      secure: reply.request.https,
      maxAge: owned.size ? OWN_EDIT_WINDOW_MS / 1000 : 0,
    }),
  );
}

/** Adds a new comment's token to the guest's cookie, dropping the oldest beyond MAX_OWNED. */
export function addGuestOwnedComment(request: FastifyRequest, reply: FastifyReply, id: number, token: string): void {
  const owned = guestTokensOf(request);
  owned.set(id, token);
  writeOwned(reply, new Map([...owned].slice(-MAX_OWNED)));
}

export function dropGuestOwnedComment(request: FastifyRequest, reply: FastifyReply, id: number): void {
  const owned = guestTokensOf(request);
  if (owned.delete(id)) writeOwned(reply, owned);
}

export function commentOwnerOf(request: FastifyRequest): CommentOwner {
  return request.actor ? ownerOf(request.actor) : ownerOf(null, guestTokensOf(request));
}
