import type { Kysely, Transaction } from 'kysely';
import type { Database, TokenPurpose, UserRole } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  email: string;
  display_name: string;
  role: UserRole;
  password_hash: string | null;
  disabled: number;
  email_verified: number;
  totp_secret: string | null;
  totp_enabled: number;
  totp_pending_secret: string | null;
  /** 1 once an editor stopped this account from commenting. */
  comments_banned: number;
  created_at: string;
}

const userColumns = [
  'id',
  'email',
  'display_name',
  'role',
  'password_hash',
  'disabled',
  'email_verified',
  'totp_secret',
  'totp_enabled',
  'totp_pending_secret',
  'comments_banned',
  'created_at',
] as const;

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(userColumns).where('email', '=', email).executeTakeFirst();
}

export function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  u: { email: string; displayName: string; role: UserRole; passwordHash: string | null; emailVerified: boolean },
  now: string,
): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({
      email: u.email,
      display_name: u.displayName,
      role: u.role,
      password_hash: u.passwordHash,
      email_verified: u.emailVerified ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Db,
  id: number,
  set: Partial<{
    email: string;
    display_name: string;
    role: UserRole;
    password_hash: string;
    email_verified: number;
    totp_secret: string | null;
    totp_enabled: number;
    totp_pending_secret: string | null;
  }>,
  now: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...set, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Moves the user's last used TOTP step forward; false when this step (or a later one) was already used. */
export async function claimTotpStep(db: Db, id: number, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where('totp_last_step', '<', step)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Switches the pending secret on in place of the old one; false when another setup replaced it meanwhile. */
export async function activatePendingTotp(db: Db, id: number, secret: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled: 1, updated_at: now })
    .where('id', '=', id)
    .where('totp_pending_secret', '=', secret)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

// Sessions

export interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
  verified: number;
}

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

export function findSessionWithUser(db: Db, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id_hash',
      'sessions.user_id',
      'sessions.created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.verified',
      'users.role',
      'users.display_name',
      'users.disabled',
      'users.email',
      'users.totp_enabled',
    ])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, idHash: string, now: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function markSessionVerified(db: Db, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ verified: 1 }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export function listSessionsOfUser(db: Db, userId: number, now: string): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

// One-time tokens (reset, verify, set password, change email)

export async function insertToken(
  db: Db,
  t: { tokenHash: string; userId: number; purpose: TokenPurpose; email: string | null; expiresAt: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('auth_tokens')
    .values({
      token_hash: t.tokenHash,
      user_id: t.userId,
      purpose: t.purpose,
      email: t.email,
      expires_at: t.expiresAt,
      created_at: now,
    })
    .execute();
}

/** Marks a live token used and returns it; a used, expired or unknown token returns undefined. */
export async function consumeToken(db: Db, tokenHash: string, purposes: TokenPurpose[], now: string) {
  const token = await db
    .selectFrom('auth_tokens')
    .select(['user_id', 'purpose', 'email'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!token) return undefined;
  const res = await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1 ? token : undefined;
}

/** Ends every unused link of the account, so none outlives a change of password or address. */
export async function endTokensOfUser(db: Db, userId: number, now: string): Promise<void> {
  await db
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export function findLiveToken(db: Db, tokenHash: string, purposes: TokenPurpose[], now: string) {
  return db
    .selectFrom('auth_tokens')
    .select(['user_id', 'purpose'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', 'in', purposes)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

// Audit log

export async function insertAuthEvent(
  db: Db,
  e: { userId: number | null; event: string; ip: string; detail?: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('auth_events')
    .values({
      user_id: e.userId,
      event: e.event,
      ip: e.ip.slice(0, 64),
      detail: (e.detail ?? '').slice(0, 300),
      created_at: now,
    })
    .execute();
}

// Two-factor recovery codes (only hashes stored)

export async function replaceRecoveryCodes(db: Db, userId: number, codeHashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codeHashes.length) {
    await db
      .insertInto('recovery_codes')
      .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })))
      .execute();
  }
}

/** Uses up one unused recovery code; false when there is none with this hash. */
export async function useRecoveryCode(db: Db, userId: number, codeHash: string, now: string): Promise<boolean> {
  const res = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
