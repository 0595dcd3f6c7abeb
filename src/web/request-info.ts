import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.js';

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
