import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { messages } from '../messages/vi.js';
import { claimTotpStep, findUserById, replaceRecoveryCodes, updateUser, useRecoveryCode } from './accounts.repo.js';
import { reauthenticate } from './account-settings.service.js';
import { logAuthEvent, throttle, type AccountDeps, type Origin } from './accounts.service.js';
import { isStaff, type Actor } from './roles.js';
import { base32Encode, matchTotpStep, newTotpSecret, otpauthUri } from './totp.js';
import { hashToken } from '../web/tokens.js';

const m = messages.twoFactor;
const RECOVERY_CODE_COUNT = 10;
const ATTEMPTS = { limit: 5, windowMs: 15 * 60_000 };

type Input = Record<string, unknown> | null | undefined;

function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z2-7]/g, '');
}

/** Step 1: after the password again, a fresh secret is stored but not yet switched on. */
export async function beginTotpSetup(deps: AccountDeps, actor: Actor | null, input: Input, issuer: string) {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  if (!isStaff(user)) throw new AppError('forbidden', 403, messages.auth.forbidden);
  const secret = newTotpSecret();
  await updateUser(deps.db, user.id, { totp_secret: secret, totp_enabled: 0 }, deps.now().toISOString());
  return { secret, uri: otpauthUri(secret, user.email, issuer) };
}

/** Step 2: a code from the app proves it holds the secret; recovery codes are shown once. */
export async function confirmTotpSetup(deps: AccountDeps, actor: Actor | null, input: Input, origin: Origin): Promise<string[]> {
  if (!actor) throw new AppError('unauthorized', 401, messages.auth.loginRequired);
  await throttle(deps, `2fa:${actor.id}`, ATTEMPTS);
  const user = await findUserById(deps.db, actor.id);
  const code = String(input?.code ?? '').replace(/\s/g, '');
  const step = user?.totp_secret ? matchTotpStep(user.totp_secret, code, deps.now()) : null;
  if (!user || step === null) throw new AppError('bad_request', 400, m.badCode);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => base32Encode(randomBytes(7)).slice(0, 10));
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { totp_enabled: 1 }, deps.now().toISOString());
    await claimTotpStep(trx, user.id, step);
    await replaceRecoveryCodes(trx, user.id, codes.map((c) => hashToken(c)));
  });
  await logAuthEvent(deps, user.id, '2fa_enabled', origin);
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

export async function disableTotp(deps: AccountDeps, actor: Actor | null, input: Input, origin: Origin): Promise<void> {
  const user = await reauthenticate(deps, actor, input?.currentPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { totp_enabled: 0, totp_secret: null }, deps.now().toISOString());
    await replaceRecoveryCodes(trx, user.id, []);
  });
  await logAuthEvent(deps, user.id, '2fa_disabled', origin);
}

/** The second step of signing in: a code from the app, or one unused recovery code. */
export async function verifySecondFactor(deps: AccountDeps, userId: number, input: Input, origin: Origin): Promise<void> {
  await throttle(deps, `2fa:${userId}`, ATTEMPTS);
  const user = await findUserById(deps.db, userId);
  const code = String(input?.code ?? '').trim();
  const step = user?.totp_enabled && user.totp_secret ? matchTotpStep(user.totp_secret, code.replace(/\s/g, ''), deps.now()) : null;
  // A code counts once: only a step later than the last one used moves the mark, so a replay finds nothing to update.
  if (step !== null && (await claimTotpStep(deps.db, userId, step))) {
    await logAuthEvent(deps, userId, '2fa_ok', origin);
    return;
  }
  const recovery = normaliseRecoveryCode(code);
  if (user && recovery.length === 10 && (await useRecoveryCode(deps.db, userId, hashToken(recovery), deps.now().toISOString()))) {
    await logAuthEvent(deps, userId, '2fa_recovery_code_used', origin);
    return;
  }
  await logAuthEvent(deps, userId, '2fa_failed', origin);
  throw new AppError('bad_request', 400, m.badCode);
}
