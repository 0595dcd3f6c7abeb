import { createRequire } from 'node:module';
import type { Config } from '../config.js';
import { isStaff, type Role } from './roles.js';

export type HashingCost = Config['passwordHashing'];

// Algorithm.Argon2id; the package exports it as a const enum, which this build cannot import.
const ARGON2ID = 2;

export const PASSWORD_MAX = 128;
export function passwordMin(role: Role): number {
  return isStaff({ role }) ? 12 : 8;
}

// The hashing library and the dictionaries are loaded when a password is first checked, not at start:
// page views never need them. The dictionary is read synchronously so the check stays a plain function.
const argon2 = () => import('@node-rs/argon2');
const load = createRequire(import.meta.url);
let common: Set<string> | undefined;

// The list is ranked by frequency; the first 10,000 are the ones ASVS asks us to refuse.
export function isCommonPassword(password: string): boolean {
  common ??= new Set(
    (load('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common')).dictionary[
      'passwords-common'
    ].slice(0, 10_000),
  );
  return common.has(password.toLowerCase());
}

export async function hashPassword(cost: HashingCost, password: string): Promise<string> {
  const { hash } = await argon2();
  return hash(password, { algorithm: ARGON2ID, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 });
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password; with no stored hash it still hashes once, so an unknown
 * email costs the same time as a known one.
 */
export async function checkPassword(
  cost: HashingCost,
  stored: string | null | undefined,
  password: string,
): Promise<boolean> {
  const { verify } = await argon2();
  if (!stored) {
    dummy ??= hashPassword(cost, 'không có tài khoản này');
    await verify(await dummy, password);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
