import { z } from 'zod';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';
import { displayNameSchema, emailSchema } from './fields.js';
import { PASSWORD_MAX } from './passwords.js';

const m = messages.auth;

// Passwords are compared as typed (NFC only), never trimmed: spaces are allowed characters.
export const passwordSchema = z
  .string({ error: m.passwordRequired })
  .transform((s) => toNfc(s))
  .pipe(z.string().min(1, { error: m.passwordRequired }).max(PASSWORD_MAX, { error: m.passwordTooLong }));

export const loginSchema = z.object({ email: emailSchema, password: passwordSchema });
export const registerSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  password: passwordSchema,
});
