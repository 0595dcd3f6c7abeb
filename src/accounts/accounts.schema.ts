import { z } from 'zod';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';
import { PASSWORD_MAX } from './passwords.js';

const m = messages.auth;

/** Trimmed, NFC and lower-cased: the one spelling an address is stored and looked up under. */
export const emailSchema = z
  .string({ error: m.emailInvalid })
  .transform((s) => toNfc(s).trim().toLowerCase())
  .pipe(z.email({ error: m.emailInvalid }).max(254, { error: m.emailInvalid }));

export const displayNameSchema = z
  .string({ error: m.nameInvalid })
  .transform((s) => toNfc(s).replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(2, { error: m.nameInvalid }).max(80, { error: m.nameInvalid }));

// Passwords are compared as typed (NFC only), never trimmed: spaces are allowed characters.
export const passwordSchema = z
  .string({ error: m.passwordRequired })
  .transform((s) => toNfc(s))
  .pipe(z.string().min(1, { error: m.passwordRequired }).max(PASSWORD_MAX, { error: m.passwordTooLong }));

export const loginSchema = z.object({ email: emailSchema, password: passwordSchema });
export const registerSchema = z.object({ email: emailSchema, displayName: displayNameSchema, password: passwordSchema });

export function firstError(error: z.ZodError): string {
  return error.issues[0]?.message ?? messages.errors.badRequest;
}
