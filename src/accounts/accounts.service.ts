import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, TokenPurpose } from '../db/schema.js';
import { badRequest, parseOr400, tooManyRequests, unauthorized } from '../errors.js';
import { messages } from '../messages/vi.js';
import {
  consumeToken,
  deleteSessionsOfUser,
  endTokensOfUser,
  findLiveToken,
  findUserByEmail,
  findUserById,
  insertAuthEvent,
  insertToken,
  insertUser,
  updateUser,
  type UserRow,
} from './accounts.repo.js';
import { loginSchema, passwordSchema, registerSchema } from './accounts.schema.js';
import { displayNameSchema, emailSchema } from './fields.js';
import type { Mailer } from './mailer.js';
import { personName, type NameParts } from './person-name.js';
import { checkPassword, hashPassword, isCommonPassword, passwordMin, type HashingCost } from './passwords.js';
import { ROLES, type Role } from './roles.js';
import { hitThrottle, peekThrottle, type ThrottleRule } from './throttle.js';
import { hashToken, randomToken } from '../web/tokens.js';

export { findUserById } from './accounts.repo.js';

const m = messages.auth;
const MINUTE = 60_000;

export interface AccountDeps {
  db: Kysely<Database>;
  now: () => Date;
  hashing: HashingCost;
  mailer: Mailer;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Absolute origin for links in mail, e.g. https://tin.example.vn */
  siteUrl: string;
}

/** Where a request came from; services log it but never see the request itself. */
export interface Origin {
  ip: string;
  userAgent: string;
}

export const THROTTLES = {
  loginPerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Counts failures only; the windows end, so an owner is slowed, never locked out for good. */
  loginFailuresPerAccount: { limit: 5, windowMs: 15 * MINUTE },
  /** The slower second step: a guesser who waits out the short window meets a day-long one. */
  loginFailuresPerAccountDaily: { limit: 20, windowMs: 24 * 60 * MINUTE },
  registerPerIp: { limit: 5, windowMs: 60 * MINUTE },
  /** Per address, known or not (so it reveals nothing): each try may mail its owner, who must not be flooded. */
  registerPerAccount: { limit: 3, windowMs: 60 * MINUTE },
  resetPerIp: { limit: 5, windowMs: 60 * MINUTE },
  resetPerAccount: { limit: 3, windowMs: 60 * MINUTE },
} satisfies Record<string, ThrottleRule>;

const TOKEN_LIFETIME: Record<TokenPurpose, number> = {
  reset: 60 * MINUTE,
  verify: 48 * 60 * MINUTE,
  set_password: 7 * 24 * 60 * MINUTE,
  change_email: 48 * 60 * MINUTE,
};

export async function throttle(deps: AccountDeps, key: string, rule: ThrottleRule): Promise<void> {
  const result = await hitThrottle(deps.db, key, rule, deps.now());
  if (!result.allowed) throw tooManyRequests(m.tooMany(result.retryAfterSeconds), result.retryAfterSeconds);
}

export function checkNewPassword(password: string, role: Role): void {
  if (password.length < passwordMin(role)) throw badRequest(m.passwordTooShort(passwordMin(role)));
  if (isCommonPassword(password)) throw badRequest(m.passwordCommon);
}

export async function logAuthEvent(
  deps: AccountDeps,
  userId: number | null,
  event: string,
  origin: Origin | null,
  detail = '',
) {
  await insertAuthEvent(deps.db, { userId, event, ip: origin?.ip ?? '', detail }, deps.now().toISOString());
  deps.log.info({ authEvent: event, userId, ip: origin?.ip }, 'auth event');
}

export async function issueToken(
  deps: AccountDeps,
  userId: number,
  purpose: TokenPurpose,
  email: string | null = null,
): Promise<string> {
  const token = randomToken();
  const now = deps.now();
  await insertToken(
    deps.db,
    {
      tokenHash: hashToken(token),
      userId,
      purpose,
      email,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME[purpose]).toISOString(),
    },
    now.toISOString(),
  );
  return token;
}

/** Mail goes out in the background, so answering takes the same time whether or not one is sent. */
export function sendInBackground(deps: AccountDeps, mail: { to: string; subject: string; text: string }) {
  deps.mailer.send(mail).catch((err: unknown) => deps.log.error({ err, to: mail.to }, 'could not send mail'));
}

/** The link that confirms `to` belongs to the account the token was issued for. */
export function sendVerificationMail(deps: AccountDeps, to: string, token: string) {
  sendInBackground(deps, {
    to,
    subject: m.mail.verifySubject,
    text: m.mail.verifyText(`${deps.siteUrl}/xac-nhan-email/${token}`),
  });
}

/**
 * Registers a reader. A taken address gets a mail instead of an account, and
 * the answer is the same either way, so the form reveals nothing.
 */
export async function registerReader(deps: AccountDeps, input: unknown, origin: Origin): Promise<void> {
  await throttle(deps, `register:ip:${origin.ip}`, THROTTLES.registerPerIp);
  const data = parseOr400(registerSchema, input);
  await throttle(deps, `register:${data.email}`, THROTTLES.registerPerAccount);
  checkNewPassword(data.password, 'reader');
  const passwordHash = await hashPassword(deps.hashing, data.password);
  const existing = await findUserByEmail(deps.db, data.email);
  if (existing) {
    sendInBackground(deps, {
      to: data.email,
      subject: m.mail.existsSubject,
      text: m.mail.existsText(`${deps.siteUrl}/quen-mat-khau`),
    });
    await logAuthEvent(deps, existing.id, 'register_existing', origin);
    return;
  }
  const id = await insertUser(
    deps.db,
    { email: data.email, displayName: data.displayName, role: 'reader', passwordHash, emailVerified: false },
    deps.now().toISOString(),
  );
  sendVerificationMail(deps, data.email, await issueToken(deps, id, 'verify'));
  await logAuthEvent(deps, id, 'register', origin);
}

export interface LoginResult {
  user: UserRow;
  needsSecondFactor: boolean;
}

/** Same error, status and (thanks to the dummy hash) time for a wrong password and an unknown email. */
export async function logIn(deps: AccountDeps, input: unknown, origin: Origin): Promise<LoginResult> {
  await throttle(deps, `login:ip:${origin.ip}`, THROTTLES.loginPerIp);
  const data = parseOr400(loginSchema, input);
  const steps = [
    { key: `login-fail:${data.email}`, rule: THROTTLES.loginFailuresPerAccount },
    { key: `login-fail-day:${data.email}`, rule: THROTTLES.loginFailuresPerAccountDaily },
  ];
  for (const step of steps) {
    const slowed = await peekThrottle(deps.db, step.key, step.rule, deps.now());
    if (!slowed.allowed) throw tooManyRequests(m.tooMany(slowed.retryAfterSeconds), slowed.retryAfterSeconds);
  }
  const user = await findUserByEmail(deps.db, data.email);
  const ok = await checkPassword(deps.hashing, user?.password_hash, data.password);
  if (!user || !ok || user.disabled === 1) {
    for (const step of steps) await hitThrottle(deps.db, step.key, step.rule, deps.now());
    await logAuthEvent(deps, user?.id ?? null, 'login_failed', origin);
    throw unauthorized(m.badCredentials);
  }
  await logAuthEvent(deps, user.id, 'login', origin);
  return { user, needsSecondFactor: user.totp_enabled === 1 };
}

/**
 * Always the same answer; a mail goes out only when the address has an
 * account. The per-address limit counts known and unknown addresses alike,
 * so its 429 tells nothing either.
 */
export async function requestPasswordReset(deps: AccountDeps, input: unknown, origin: Origin): Promise<void> {
  await throttle(deps, `reset:ip:${origin.ip}`, THROTTLES.resetPerIp);
  const email = parseOr400(emailSchema, (input as { email?: unknown } | null)?.email);
  await throttle(deps, `reset:${email}`, THROTTLES.resetPerAccount);
  const user = await findUserByEmail(deps.db, email);
  if (!user) return;
  // The link is made after the answer, like the mail: a known address then costs no more time than an unknown one.
  void (async () => {
    const token = await issueToken(deps, user.id, 'reset');
    await logAuthEvent(deps, user.id, 'reset_requested', origin);
    sendInBackground(deps, {
      to: user.email,
      subject: m.mail.resetSubject,
      text: m.mail.resetText(`${deps.siteUrl}/dat-lai-mat-khau/${token}`),
    });
  })().catch((err: unknown) => deps.log.error({ err, userId: user.id }, 'could not issue a reset link'));
}

/** For the form behind a reset or set-password link: the shortest password its account takes, or null for a dead link. */
export async function passwordLinkRule(
  deps: Pick<AccountDeps, 'db' | 'now'>,
  token: string,
): Promise<{ minPassword: number } | null> {
  const found = await findLiveToken(deps.db, hashToken(token), ['reset', 'set_password'], deps.now().toISOString());
  const user = found && (await findUserById(deps.db, found.user_id));
  return user ? { minPassword: passwordMin(user.role) } : null;
}

/** Sets a new password from a reset or set-password link; every session of the account ends. */
export async function resetPassword(
  deps: AccountDeps,
  token: string,
  input: unknown,
  origin: Origin,
): Promise<UserRow> {
  const password = parseOr400(passwordSchema, (input as { password?: unknown } | null)?.password);
  return deps.db.transaction().execute(async (trx) => {
    const found = await consumeToken(trx, hashToken(token), ['reset', 'set_password'], deps.now().toISOString());
    if (!found) throw badRequest(m.linkInvalid);
    const user = await findUserById(trx, found.user_id);
    if (!user) throw badRequest(m.linkInvalid);
    checkNewPassword(password, user.role);
    // Following a mailed link proves the address too.
    await updateUser(
      trx,
      user.id,
      { password_hash: await hashPassword(deps.hashing, password), email_verified: 1 },
      deps.now().toISOString(),
    );
    await deleteSessionsOfUser(trx, user.id);
    // Another reset link, or a confirmation sent to an old address, must not take the account back.
    await endTokensOfUser(trx, user.id, deps.now().toISOString());
    await insertAuthEvent(trx, { userId: user.id, event: 'password_reset', ip: origin.ip }, deps.now().toISOString());
    return user;
  });
}

export async function verifyEmail(deps: AccountDeps, token: string, origin: Origin): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const found = await consumeToken(trx, hashToken(token), ['verify', 'change_email'], deps.now().toISOString());
    if (!found) throw badRequest(m.linkInvalid);
    const set =
      found.purpose === 'change_email' && found.email
        ? { email: found.email, email_verified: 1 }
        : { email_verified: 1 };
    if (set.email && (await findUserByEmail(trx, set.email))) throw badRequest(m.linkInvalid);
    await updateUser(trx, found.user_id, set, deps.now().toISOString());
    if (found.purpose === 'change_email') await endTokensOfUser(trx, found.user_id, deps.now().toISOString());
    await insertAuthEvent(
      trx,
      {
        userId: found.user_id,
        event: found.purpose === 'change_email' ? 'email_changed' : 'email_verified',
        ip: origin.ip,
      },
      deps.now().toISOString(),
    );
  });
}

export interface CreatedUser {
  id: number;
  /** Present when no password was given: the one-time link to set one. */
  setPasswordUrl?: string;
}

/** For the CLI and, later, admins: creates a user of any role. */
export async function createUser(
  deps: AccountDeps,
  input: { email: string; displayName?: string; role: string; password?: string },
): Promise<CreatedUser> {
  const email = parseOr400(emailSchema, input.email);
  if (!(ROLES as readonly string[]).includes(input.role)) throw badRequest(m.roleInvalid(ROLES.join(', ')));
  const role = input.role as Role;
  const displayName = parseOr400(displayNameSchema, input.displayName || messages.staffTools.defaultName[role]);
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    const password = parseOr400(passwordSchema, input.password);
    checkNewPassword(password, role);
    passwordHash = await hashPassword(deps.hashing, password);
  }
  if (await findUserByEmail(deps.db, email)) throw badRequest(m.emailTaken);
  const id = await insertUser(
    deps.db,
    { email, displayName, role, passwordHash, emailVerified: true },
    deps.now().toISOString(),
  );
  await logAuthEvent(deps, id, 'user_created', null, `role=${role}`);
  if (passwordHash) return { id };
  const token = await issueToken(deps, id, 'set_password');
  return { id, setPasswordUrl: `${deps.siteUrl}/dat-lai-mat-khau/${token}` };
}

/**
 * The staff account of an author brought in by an importer: found by email,
 * or made as an author with no password (an admin invites them to set one).
 * It is named by the person's name; with only a login or an address known, by
 * the role ("Phóng viên"), as an account made without a name is. `name` is
 * that person's name, or null: a byline then says nothing rather than a login.
 */
export async function ensureImportedAuthor(
  db: Kysely<Database>,
  input: { email: string } & NameParts,
  now: string,
): Promise<{ id: number; created: boolean; displayName: string; name: string | null }> {
  const email = input.email.trim().toLowerCase();
  const name = personName({ ...input, email });
  const existing = await findUserByEmail(db, email);
  if (existing) return { id: existing.id, created: false, displayName: existing.display_name, name };
  const displayName = name ?? messages.staffTools.defaultName.author;
  const id = await insertUser(
    db,
    {
      email,
      displayName,
      role: 'author',
      passwordHash: null,
      emailVerified: false,
    },
    now,
  );
  return { id, created: true, displayName, name };
}
