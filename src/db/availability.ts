/**
 * Errors that mean the database cannot be reached or written for now, as
 * opposed to a bug: the site answers them with 503 and Retry-After, and they
 * pass once the database (or the disk) is back.
 */

/** PostgreSQL SQLSTATEs: connection exceptions (08…), shutdown and restart (57P01–57P03), too many connections, read-only standby after a failover. */
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300|25006)$/;
/** Socket errors of a lost or refused connection. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What node-postgres throws, without a code, when its connection is gone or never came. */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  return someCause(err, (e) => {
    const code = codeOf(e);
    if (code !== undefined && (SOCKET_ERRORS.has(code) || PG_UNAVAILABLE.test(code))) return true;
    // SQLite: another process held the write lock past busy_timeout.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED') return true;
    return e instanceof Error && PG_CONNECTION_MESSAGES.test(e.message);
  });
}

/** No space left: the SQLite file's or the media folder's filesystem (ENOSPC, SQLITE_FULL), or PostgreSQL's (53100). */
export function isDiskFull(err: unknown): boolean {
  return someCause(err, (e) => {
    const code = codeOf(e);
    return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL' || code === '53100';
  });
}

function codeOf(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The error and its causes (wrappers keep the original in `cause`), a bounded walk. */
function someCause(err: unknown, test: (e: unknown) => boolean): boolean {
  let e = err;
  for (let depth = 0; depth < 5 && e !== undefined && e !== null; depth++) {
    if (test(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
