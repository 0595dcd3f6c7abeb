import { z } from 'zod';
import { parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

const e = messages.newsroom.errors;

/** NFC first, then trim: text enters the database normalised. */
const text = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().max(max, tooLong));

const version = z.number({ error: e.badVersion }).int().positive();

export const articleContentSchema = z.object({
  title: text(300, e.titleTooLong).pipe(z.string().min(1, e.titleRequired)),
  sapo: text(2000, e.sapoTooLong).default(''),
  // An empty body is fine for a draft; the sanitiser decides what survives.
  bodyHtml: z.string().max(2_000_000, e.bodyTooLong).transform(toNfc).default(''),
  byline: text(120, e.bylineTooLong).default(''),
  categoryId: z.number({ error: e.badInput }).int().positive(),
  tags: z
    .array(text(160, e.badInput).pipe(z.string().min(1)))
    .max(20, e.tooManyTags)
    .default([]),
  seoTitle: text(300, e.seoTitleTooLong).default(''),
  seoDescription: text(500, e.seoDescriptionTooLong).default(''),
  allowComments: z.boolean().default(true),
  coverMediaId: z.number().int().positive().nullable().default(null),
  // Absent (a revision restored, an import): the article keeps its flag.
  featured: z.boolean().optional(),
});
export type ArticleContent = z.output<typeof articleContentSchema>;

export const articleUpdateSchema = articleContentSchema.extend({ version });

export const versionSchema = z.object({ version });

export const returnSchema = z.object({
  version,
  note: text(2000, e.noteTooLong).pipe(z.string().min(1, e.noteRequired)),
});

export const publishSchema = z.object({
  version,
  /** Absent: now. In the future: scheduled. */
  at: z.iso.datetime({ offset: true, error: e.badTime }).optional(),
});

const ARTICLE_STATUSES = ['draft', 'submitted', 'returned', 'published', 'unpublished'] as const;
/** An empty form field (the "all" choice) means no filter. */
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const positiveId = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number)
  .pipe(z.number().int().positive());

/** The query string of the newsroom's article list: /quan-tri/bai-viet?trang-thai=…&chuyen-muc=…&tac-gia=…&q=…&trang=… */
export const articleListQuerySchema = z.object({
  'trang-thai': optional(z.enum(ARTICLE_STATUSES, { error: e.badFilter })),
  'chuyen-muc': optional(positiveId),
  'tac-gia': optional(positiveId),
  q: optional(z.string().max(200, e.badFilter)),
  // "Nổi bật": the box is ticked, or the filter is off.
  'noi-bat': optional(z.literal('1', { error: e.badFilter })),
  trang: optional(positiveId),
});

/** The newsroom's forms: an issue without a message of its own gets the generic one, or the version's. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  return parseOr400(schema, input, (issue) => (issue.path?.[0] === 'version' ? e.badVersion : e.badInput));
}
