import { z } from 'zod';
import { displayNameSchema, emailSchema } from '../accounts/fields.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

const m = messages.comments;

export const BODY_MIN = 5;
export const BODY_MAX = 2000;

/** Plain text: NFC, Windows line ends unified, no control characters, trimmed. */
export const commentBodySchema = z
  .string({ error: m.bodyLength })
  .transform((s) =>
    toNfc(s)
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  )
  .pipe(z.string().min(BODY_MIN, { error: m.bodyLength }).max(BODY_MAX, { error: m.bodyLength }));

const id = z.coerce.number({ error: messages.errors.badRequest }).int().positive({ error: messages.errors.badRequest });

const optionalId = z
  .union([z.literal(''), id])
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

/** A comment is on an article or, as a góp ý, on a document under consultation: one of the two ids. */
export const postCommentSchema = z.object({
  articleId: optionalId,
  documentId: optionalId,
  parentId: optionalId,
  body: commentBodySchema,
  name: z.string().optional(),
  email: z.string().optional(),
  /** The honeypot: hidden from people, so anything in it came from a bot. */
  website: z.string().optional(),
});

export const guestSchema = z.object({ name: displayNameSchema, email: emailSchema });

export const settingsSchema = z.object({
  guestsAllowed: z.enum(['0', '1']).transform((v) => v === '1'),
  premoderation: z.enum(['all', 'guests', 'none']),
  closeAfterDays: z.coerce.number().int().min(0).max(3650),
  blocklist: z
    .string()
    .max(10_000)
    .transform((s) => toNfc(s)),
  blocklistAction: z.enum(['hold', 'reject']),
});
