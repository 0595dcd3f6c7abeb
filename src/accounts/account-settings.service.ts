import { badRequest, notFound, parseOr400, unauthorized } from '../errors.js';
import { messages } from '../messages/vi.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  deleteUser,
  endTokensOfUser,
  findUserByEmail,
  findUserById,
  listSessionsOfUser,
  updateUser,
  type UserRow,
} from './accounts.repo.js';
import { passwordSchema } from './accounts.schema.js';
import { displayNameSchema, emailSchema } from './fields.js';
import {
  checkNewPassword,
  issueToken,
  logAuthEvent,
  sendInBackground,
  sendVerificationMail,
  throttle,
  type AccountDeps,
  type Origin,
} from './accounts.service.js';
import { checkPassword, hashPassword } from './passwords.js';
import type { Actor } from './roles.js';

const m = messages.auth;
const REAUTH_RULE = { limit: 5, windowMs: 15 * 60_000 };
/** Enough for a lost or filtered mail; too few to turn the button into a way of flooding an inbox. */
export const RESEND_VERIFICATION_RULE = { limit: 3, windowMs: 60 * 60_000 };

/** Sensitive changes ask for the current password again, throttled so it cannot be guessed here instead. */
export async function reauthenticate(deps: AccountDeps, actor: Actor | null, password: unknown): Promise<UserRow> {
  if (!actor) throw unauthorized(m.loginRequired);
  await throttle(deps, `reauth:${actor.id}`, REAUTH_RULE);
  const user = await findUserById(deps.db, actor.id);
  const ok = await checkPassword(deps.hashing, user?.password_hash, typeof password === 'string' ? password : '');
  if (!user || !ok) throw badRequest(m.wrongCurrentPassword);
  return user;
}

type Input = Record<string, unknown> | null | undefined;

/** Returns the name as stored (trimmed, spaces collapsed), for the notice that says what it became. */
export async function changeDisplayName(deps: AccountDeps, actor: Actor | null, input: Input): Promise<string> {
  if (!actor) throw unauthorized(m.loginRequired);
  const name = parseOr400(displayNameSchema, input?.displayName);
  await updateUser(deps.db, actor.id, { display_name: name }, deps.now().toISOString());
  return name;
}

/** A new password ends every other session and every unused link, in case the old one was known to someone else. */
export async function changePassword(
  deps: AccountDeps,
  actor: Actor | null,
  input: Input,
  keepSession: string,
  origin: Origin,
) {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  const password = parseOr400(passwordSchema, input?.newPassword);
  checkNewPassword(password, user.role);
  const hash = await hashPassword(deps.hashing, password);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { password_hash: hash }, deps.now().toISOString());
    await deleteSessionsOfUser(trx, user.id, keepSession);
    await endTokensOfUser(trx, user.id, deps.now().toISOString());
  });
  await logAuthEvent(deps, user.id, 'password_changed', origin);
}

/** The new address must be confirmed from its own inbox; the answer is the same whether or not it is taken. */
export async function requestEmailChange(
  deps: AccountDeps,
  actor: Actor | null,
  input: Input,
  origin: Origin,
): Promise<void> {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  const email = parseOr400(emailSchema, input?.email);
  if (email === user.email || (await findUserByEmail(deps.db, email))) return;
  sendVerificationMail(deps, email, await issueToken(deps, user.id, 'change_email', email));
  sendInBackground(deps, { to: user.email, subject: m.mail.emailChangeSubject, text: m.mail.emailChangeText });
  await logAuthEvent(deps, user.id, 'email_change_requested', origin);
}

/** Mails a fresh confirmation link to the account's current address, if it is not confirmed yet. */
export async function resendVerification(deps: AccountDeps, actor: Actor | null, origin: Origin): Promise<void> {
  if (!actor) throw unauthorized(m.loginRequired);
  await throttle(deps, `verify-resend:${actor.id}`, RESEND_VERIFICATION_RULE);
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw unauthorized(m.loginRequired);
  if (user.email_verified === 1) throw badRequest(m.emailAlreadyVerified);
  sendVerificationMail(deps, user.email, await issueToken(deps, user.id, 'verify'));
  await logAuthEvent(deps, user.id, 'verification_resent', origin);
}

export async function deleteOwnAccount(
  deps: AccountDeps,
  actor: Actor | null,
  input: Input,
  origin: Origin,
): Promise<void> {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  await logAuthEvent(deps, user.id, 'account_deleted', origin);
  // Sessions and tokens go with the row; comments stay, under the name they were posted with.
  await deleteUser(deps.db, user.id);
}

export function listOwnSessions(deps: AccountDeps, actor: Actor) {
  return listSessionsOfUser(deps.db, actor.id, deps.now().toISOString());
}

export async function endOwnSession(deps: AccountDeps, actor: Actor, idHash: string): Promise<void> {
  const sessions = await listSessionsOfUser(deps.db, actor.id, deps.now().toISOString());
  if (!sessions.some((s) => s.id_hash === idHash)) throw notFound(m.sessionNotFound);
  await deleteSession(deps.db, idHash);
}

export async function endOtherSessions(deps: AccountDeps, actor: Actor, keepSession: string): Promise<void> {
  await deleteSessionsOfUser(deps.db, actor.id, keepSession);
}
