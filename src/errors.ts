import { z } from 'zod';
import { messages } from './messages/vi.js';

/**
 * The one error catalog. Services throw AppError; the errors plugin renders it
 * as a Vietnamese HTML page or JSON with the given status.
 */
export type ErrorCode =
  | 'not_found'
  | 'bad_request'
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
export const tooLarge = (message: string) => new AppError('too_large', 413, message);
export const unsupportedMedia = (message: string) => new AppError('unsupported_media', 415, message);
export const tooManyRequests = (message: string, retryAfterSeconds: number) =>
  new AppError('too_many_requests', 429, message, retryAfterSeconds);

/**
 * Parses with zod or throws a 400 with the first issue's message. Messages set
 * in the schema win; any other issue (zod's own wording is English) gets `fallback`.
 */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  input: unknown,
  fallback: string | ((issue: z.core.$ZodRawIssue) => string) = messages.errors.badRequest,
): z.output<S> {
  const parsed = schema.safeParse(input, {
    error: (issue) => (typeof fallback === 'function' ? fallback(issue) : fallback),
  });
  if (parsed.success) return parsed.data;
  throw badRequest(
    parsed.error.issues[0]?.message ?? (typeof fallback === 'string' ? fallback : messages.errors.badRequest),
  );
}

const idSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31);

/** An id from a URL: anything that is not one names nothing, so a 404 with `message`. */
export function idFromPath(raw: string, message: string): number {
  const id = idSchema.safeParse(raw);
  if (!id.success) throw notFound(message);
  return id.data;
}
