import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountDeps, Origin } from '../accounts/accounts.service.js';
import { AppError } from '../errors.js';
import type { WebContext } from './context.js';

export function originOf(request: FastifyRequest): Origin {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}

/** Links in mail point at the site's configured origin, never at the request's Host (src/web/site-origin.ts). */
export function accountDeps(ctx: WebContext, _request?: FastifyRequest): AccountDeps {
  return { ...ctx.accounts, siteUrl: ctx.site.origin.value };
}

/** Only local paths, so a crafted ?tiep= cannot send a reader to another site after login. */
export function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) && value.length <= 500 ? value : undefined;
}

/**
 * Runs a form action; a 4xx the reader can fix (not a CSRF failure) is shown
 * again on the form with its message and status instead of an error page.
 */
export async function withFormErrors(
  reply: FastifyReply,
  action: () => Promise<FastifyReply>,
  showForm: (error: string, status: number) => Promise<FastifyReply>,
): Promise<FastifyReply> {
  try {
    return await action();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500 || err.code === 'csrf' || err.code === 'forbidden') throw err;
    if (err.retryAfterSeconds) reply.header('retry-after', String(err.retryAfterSeconds));
    return showForm(err.publicMessage, err.status);
  }
}
