import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieName, serializeCookie } from '../web/cookies.js';
import { OWN_EDIT_WINDOW_MS, ownerOf, type CommentOwner } from './comments.service.js';

/**
 * A guest proves they wrote a comment with a token in a cookie of its own
 * (one per comment, so posting twice never overwrites the first). The cookie
 * lives exactly as long as the edit window; it has the session cookie's flags.
 */
const PREFIX = 'ts_yk_';
const TOKEN = /^[\w-]{43}$/;
// More cookies than a guest can post comments in ten minutes are junk; never read more.
const MAX_READ = 20;

function nameFor(reply: FastifyReply, id: number): string {
  return cookieName(`${PREFIX}${id}`, reply.request.https);
}

export function setGuestOwnerCookie(reply: FastifyReply, id: number, token: string): void {
  const secure = reply.request.https;
  reply.header('set-cookie', serializeCookie(nameFor(reply, id), token, { secure, maxAge: OWN_EDIT_WINDOW_MS / 1000 }));
}

export function clearGuestOwnerCookie(reply: FastifyReply, id: number): void {
  reply.header('set-cookie', serializeCookie(nameFor(reply, id), '', { secure: reply.request.https, maxAge: 0 }));
}

/** The edit tokens a guest's browser holds, by comment id; a signed-in reader is known by the account instead. */
function guestTokensOf(request: FastifyRequest): Map<number, string> {
  const out = new Map<number, string>();
  const prefix = cookieName(PREFIX, request.https);
  for (const [name, value] of request.cookies) {
    if (out.size >= MAX_READ) break;
    if (!name.startsWith(prefix) || !TOKEN.test(value)) continue;
    const id = Number(name.slice(prefix.length));
    if (Number.isSafeInteger(id) && id > 0) out.set(id, value);
  }
  return out;
}

export function commentOwnerOf(request: FastifyRequest): CommentOwner {
  return request.actor ? ownerOf(request.actor) : ownerOf(null, guestTokensOf(request));
}
