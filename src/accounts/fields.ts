import { z } from 'zod';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

// How an address and a person's name are written, wherever a form asks for them (accounts, guest comments).
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
