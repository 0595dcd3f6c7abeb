import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  deleteSession,
  findSessionWithUser,
  insertSession,
  markSessionVerified,
  touchSession,
} from './accounts.repo.js';
import { isStaff, type Actor, type Role } from './roles.js';
import { hashToken, randomToken } from '../web/tokens.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Staff sessions hold more power, so they end sooner. */
export function sessionLimits(role: Role): { idleMs: number; absoluteMs: number } {
  return isStaff({ role }) ? { idleMs: 2 * HOUR, absoluteMs: 12 * HOUR } : { idleMs: 7 * DAY, absoluteMs: 30 * DAY };
}

// Writing last_seen on every request would turn reads into writes; once a minute is enough for the idle limit.
const TOUCH_EVERY_MS = 60_000;

export interface SessionDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export interface ResolvedSession {
  idHash: string;
  /** False between password and second factor: such a session may only finish signing in. */
  verified: boolean;
  actor: Actor;
  email: string;
  totpEnabled: boolean;
}

/** Starts a fresh session (a new id at every sign-in) and returns the cookie value. */
export async function startSession(
  deps: SessionDeps,
  user: { id: number; role: Role },
  opts: { userAgent: string; verified: boolean },
): Promise<{ token: string; idHash: string; maxAgeSeconds: number }> {
  const token = randomToken();
  const now = deps.now();
  const { absoluteMs } = sessionLimits(user.role);
  const idHash = hashToken(token);
  await insertSession(deps.db, {
    id_hash: idHash,
    user_id: user.id,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    expires_at: new Date(now.getTime() + absoluteMs).toISOString(),
    user_agent: opts.userAgent.slice(0, 300),
    verified: opts.verified ? 1 : 0,
  });
  return { token, idHash, maxAgeSeconds: Math.floor(absoluteMs / 1000) };
}

/** The session behind a cookie value, or null when it is unknown, expired, idle too long or its user disabled. */
export async function resolveSession(deps: SessionDeps, token: string): Promise<ResolvedSession | null> {
  if (!/^[\w-]{43}$/.test(token)) return null;
  const idHash = hashToken(token);
  const row = await findSessionWithUser(deps.db, idHash);
  if (!row) return null;
  const now = deps.now().getTime();
  const { idleMs } = sessionLimits(row.role);
  const expired =
    new Date(row.expires_at).getTime() <= now ||
    new Date(row.last_seen_at).getTime() + idleMs <= now ||
    row.disabled === 1;
  if (expired) {
    await deleteSession(deps.db, idHash);
    return null;
  }
  if (now - new Date(row.last_seen_at).getTime() >= TOUCH_EVERY_MS) {
    await touchSession(deps.db, idHash, new Date(now).toISOString());
  }
  return {
    idHash,
    verified: row.verified === 1,
    actor: { id: row.user_id, role: row.role, displayName: row.display_name },
    email: row.email,
    totpEnabled: row.totp_enabled === 1,
  };
}

export async function endSession(deps: SessionDeps, idHash: string): Promise<void> {
  await deleteSession(deps.db, idHash);
}

export async function completeSecondFactor(deps: SessionDeps, idHash: string): Promise<void> {
  await markSessionVerified(deps.db, idHash);
}
