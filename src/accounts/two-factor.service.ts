import { randomBytes } from 'node:crypto';
import { badRequest, forbidden, tooManyRequests, unauthorized } from '../errors.js';
import { messages } from '../messages/vi.js';
import {
  activatePendingTotp,
  claimTotpStep,
  findUserById,
  replaceRecoveryCodes,
  updateUser,
  useRecoveryCode,
  type UserRow,
} from './accounts.repo.js';
import { reauthenticate } from './account-settings.service.js';
import { logAuthEvent, sendInBackground, throttle, type AccountDeps, type Origin } from './accounts.service.js';
import { isStaff, type Actor } from './roles.js';
import { hitThrottle, peekThrottle } from './throttle.js';
import { base32Encode, matchTotpStep, newTotpSecret, otpauthUri } from './totp.js';
import { hashToken } from '../web/tokens.js';

const m = messages.twoFactor;
const c = messages.twoFactorChange;
const RECOVERY_CODE_COUNT = 10;
export const SECOND_FACTOR_THROTTLES = {
  /** Every try counts, so a burst of guesses stops at five. */
  attempts: { limit: 5, windowMs: 15 * 60_000 },
  /** Failures only, like the password's day-long step: a guesser who waits out the short window meets this one. */
  failuresDaily: { limit: 20, windowMs: 24 * 60 * 60_000 },
};

type Input = Record<string, unknown> | null | undefined;

function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z2-7]/g, '');
}

/**
 * Accepts a current code from the app (once) or one unused recovery code of
 * an account with two-factor on; anything else is a throttled failure.
 */
async function checkSecondFactor(
  deps: AccountDeps,
  user: UserRow,
  input: Input,
  origin: Origin,
): Promise<'totp' | 'recovery'> {
  const code = String(input?.code ?? '').trim();
  if (!code) throw badRequest(c.codeRequired);
  await throttle(deps, `2fa:${user.id}`, SECOND_FACTOR_THROTTLES.attempts);
  const dailyKey = `2fa-fail-day:${user.id}`;
  const daily = await peekThrottle(deps.db, dailyKey, SECOND_FACTOR_THROTTLES.failuresDaily, deps.now());
  if (!daily.allowed) throw tooManyRequests(messages.auth.tooMany(daily.retryAfterSeconds), daily.retryAfterSeconds);
  const step =
    user.totp_enabled && user.totp_secret ? matchTotpStep(user.totp_secret, code.replace(/\s/g, ''), deps.now()) : null;
  // A code counts once: only a step later than the last one used moves the mark, so a replay finds nothing to update.
  if (step !== null && (await claimTotpStep(deps.db, user.id, step))) return 'totp';
  const recovery = normaliseRecoveryCode(code);
  if (
    user.totp_enabled &&
    recovery.length === 10 &&
    (await useRecoveryCode(deps.db, user.id, hashToken(recovery), deps.now().toISOString()))
  ) {
    await logAuthEvent(deps, user.id, '2fa_recovery_code_used', origin);
    return 'recovery';
  }
  await hitThrottle(deps.db, dailyKey, SECOND_FACTOR_THROTTLES.failuresDaily, deps.now());
  await logAuthEvent(deps, user.id, '2fa_failed', origin);
  throw badRequest(m.badCode);
}

/**
 * Step 1: after the password again (and, to replace a factor in use, a code
 * from it), a fresh secret waits beside the old one, which stays on.
 */
export async function beginTotpSetup(
  deps: AccountDeps,
  actor: Actor | null,
  input: Input,
  issuer: string,
  origin: Origin,
) {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  if (!isStaff(user)) throw forbidden(messages.auth.forbidden);
  if (user.totp_enabled === 1) await checkSecondFactor(deps, user, input, origin);
  const secret = newTotpSecret();
  await updateUser(deps.db, user.id, { totp_pending_secret: secret }, deps.now().toISOString());
  return { secret, uri: otpauthUri(secret, user.email, issuer) };
}

/** Step 2: a code from the app proves it holds the new secret, which then replaces any old one; recovery codes are shown once. */
export async function confirmTotpSetup(deps: AccountDeps, actor: Actor | null, input: Input, origin: Origin) {
  if (!actor) throw unauthorized(messages.auth.loginRequired);
  await throttle(deps, `2fa:${actor.id}`, SECOND_FACTOR_THROTTLES.attempts);
  const user = await findUserById(deps.db, actor.id);
  const secret = user?.totp_pending_secret;
  if (!user || !secret) throw badRequest(c.noSetup);
  const step = matchTotpStep(secret, String(input?.code ?? '').replace(/\s/g, ''), deps.now());
  if (step === null) throw badRequest(m.badCode);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(7)).slice(0, 10));
  await deps.db.transaction().execute(async (trx) => {
    if (!(await activatePendingTotp(trx, user.id, secret, deps.now().toISOString()))) throw badRequest(c.noSetup);
    await claimTotpStep(trx, user.id, step);
    await replaceRecoveryCodes(
      trx,
      user.id,
      codes.map((code) => hashToken(code)),
    );
  });
  const replaced = user.totp_enabled === 1;
  await logAuthEvent(deps, user.id, replaced ? '2fa_replaced' : '2fa_enabled', origin);
  const accountUrl = `${deps.siteUrl}/tai-khoan`;
  sendInBackground(
    deps,
    replaced
      ? { to: user.email, subject: c.mail.replacedSubject, text: c.mail.replacedText(accountUrl) }
      : { to: user.email, subject: c.mail.enabledSubject, text: c.mail.enabledText(accountUrl) },
  );
  return { replaced, codes: codes.map((code) => `${code.slice(0, 5)}-${code.slice(5)}`) };
}

/** Needs the password and a current code or recovery code: a stolen password alone cannot take the second factor away. */
export async function disableTotp(deps: AccountDeps, actor: Actor | null, input: Input, origin: Origin): Promise<void> {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  const wasOn = user.totp_enabled === 1;
  if (wasOn) await checkSecondFactor(deps, user, input, origin);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(
      trx,
      user.id,
      { totp_enabled: 0, totp_secret: null, totp_pending_secret: null },
      deps.now().toISOString(),
    );
    await replaceRecoveryCodes(trx, user.id, []);
  });
  if (!wasOn) return;
  await logAuthEvent(deps, user.id, '2fa_disabled', origin);
  sendInBackground(deps, {
    to: user.email,
    subject: c.mail.disabledSubject,
    text: c.mail.disabledText(`${deps.siteUrl}/tai-khoan`),
  });
}

/** The second step of signing in: a code from the app, or one unused recovery code. */
export async function verifySecondFactor(
  deps: AccountDeps,
  userId: number,
  input: Input,
  origin: Origin,
): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw badRequest(m.badCode);
  if ((await checkSecondFactor(deps, user, input, origin)) === 'totp')
    await logAuthEvent(deps, userId, '2fa_ok', origin);
}
