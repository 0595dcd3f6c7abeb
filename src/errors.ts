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
