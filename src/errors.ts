/**
 * The one error catalog. Services throw AppError; the errors plugin renders it
 * as a Vietnamese HTML page or JSON with the given status.
 */
export type ErrorCode =
  | 'not_found'
  | 'bad_request'
  | 'invalid_page'
  | 'service_unavailable'
  // The newsroom's: no permission, someone else saved first, upload too big or of a refused type.
  | 'forbidden'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    /** Vietnamese, shown to the reader. */
    readonly publicMessage: string,
  ) {
    super(`${code}: ${publicMessage}`);
  }
}
