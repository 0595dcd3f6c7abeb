import { z } from 'zod';
import { messages } from './messages/vi.js';

/**
 * The one error catalog. Services throw AppError; the errors plugin renders it
 * as a Vietnamese HTML page or JSON with the given status.
 */
export type ErrorCode =
  | 'not_found'
  | 'bad_request'
  | 'invalid_page'
  | 'service_unavailable'
  | 'unauthorized'
  | 'forbidden'
  | 'csrf'
  | 'too_many_requests'
  // The newsroom's: someone else saved first, an upload too big or of a refused type.
  | 'conflict'
  | 'too_large'
  | 'unsupported_media';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    /** Vietnamese, shown to the reader. */
    readonly publicMessage: string,
    /** For 429: when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${code}: ${publicMessage}`);
  }
}

// One factory per kind of refusal, so a status and its code are never paired by hand.
export const badRequest = (message: string, code: ErrorCode = 'bad_request') => new AppError(code, 400, message);
export const unauthorized = (message: string) => new AppError('unauthorized', 401, message);
export const forbidden = (message: string, code: ErrorCode = 'forbidden') => new AppError(code, 403, message);
export const notFound = (message: string) => new AppError('not_found', 404, message);
export const conflict = (message: string) => new AppError('conflict', 409, message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) => new AppError('too_many_requests', 429, message, retryAfterSeconds);

/**
 * Parses with zod or throws a 400: with `message` (a fixed text, or one chosen
 * from the first issue), else with the first issue's own Vietnamese message.
 */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown, message?: string | ((issue: z.core.$ZodIssue | undefined) => string)): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw badRequest(typeof message === 'function' ? message(issue) : (message ?? issue?.message ?? messages.errors.badRequest));
}

const idSchema = z.coerce.number().int().positive().max(2 ** 31);

/** An id from a URL: anything that is not one names nothing, so a 404 with `message`. */
export function idFromPath(raw: string, message: string): number {
  const id = idSchema.safeParse(raw);
  if (!id.success) throw notFound(message);
  return id.data;
}
