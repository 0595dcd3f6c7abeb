import { z } from 'zod';
import { toNfc } from '../vi/normalize.js';

/** NFC first, then trim: every piece of text enters the database normalised. */
const text = (max: number) =>
  z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().max(max));

export const articleInputSchema = z.object({
  title: text(300).pipe(z.string().min(1, 'Tiêu đề không được để trống.')),
  sapo: text(2000),
  bodyHtml: z.string().transform(toNfc).pipe(z.string().min(1, 'Nội dung không được để trống.').max(2_000_000)),
  byline: text(120).transform((s) => (s === '' ? null : s)),
  categoryId: z.number().int().positive(),
  tags: z
    .array(text(160).pipe(z.string().min(1)))
    .max(20)
    .default([]),
  status: z.enum(['draft', 'submitted', 'returned', 'published', 'unpublished']),
  publishedAt: z.iso.datetime().nullable(),
  importKey: z.string().max(200).nullable().default(null),
});

export type ArticleInput = z.input<typeof articleInputSchema>;
