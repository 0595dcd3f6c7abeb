import type { Generated } from 'kysely';
import { z } from 'zod';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

const m = messages.redirects;

type Timestamp = string;

export interface RedirectsTable {
  id: Generated<number>;
  /** The old address as redirectKey spells it: decoded, NFC, no trailing slash, only the id parameters kept. */
  old_path: string;
  /** Where it goes now: a path on this site, or a full http(s) address. */
  target: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const redirectFormSchema = z.object({
  oldPath: z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(
      z
        .string()
        .regex(/^\/[^\s]*$/, m.badOldPath)
        .max(500, m.badOldPath),
    ),
  target: z
    .string()
    .trim()
    .pipe(
      z
        .string()
        .regex(/^(?:\/(?!\/)[^\s]*|https?:\/\/[^\s]+)$/, m.badTarget)
        .max(500, m.badTarget),
    ),
});
