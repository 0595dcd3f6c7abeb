import { z } from 'zod';
import { apiMessages } from '../messages/api.en.js';
import { parseVnDateTime } from '../vi/dates.js';

const e = apiMessages.expected;

/** Where a page of articles ends: the last one's publish time and id, the list's own order. */
export interface Cursor {
  publishedAt: string;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.publishedAt, c.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [publishedAt, id] = value as unknown[];
    if (typeof publishedAt !== 'string' || Number.isNaN(Date.parse(publishedAt))) return null;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) return null;
    return { publishedAt, id };
  } catch {
    return null;
  }
}

/** Midnight starting a Vietnamese calendar day (plus `days`), as a UTC instant; null for a day that does not exist. */
export function vnDayStart(day: string, days = 0): string | null {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  check.setUTCDate(check.getUTCDate() + days);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return parseVnDateTime(`00:00 ${p2(check.getUTCDate())}/${p2(check.getUTCMonth() + 1)}/${check.getUTCFullYear()}`);
}

const slug = z
  .string(e.slug)
  .max(160, e.slug)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, e.slug);
const day = z
  .string(e.day)
  .regex(/^\d{4}-\d{2}-\d{2}$/, e.day)
  .refine((d) => vnDayStart(d) !== null, e.day);

export const articleListQuerySchema = z
  .strictObject({
    category: slug.optional().meta({ description: 'A category slug; a top-level category includes its children.' }),
    tag: slug.optional().meta({ description: 'A tag slug.' }),
    from: day.optional().meta({ description: 'Published on or after this day (Vietnam time), YYYY-MM-DD.' }),
    to: day.optional().meta({ description: 'Published on or before this day (Vietnam time), YYYY-MM-DD.' }),
    updatedSince: z.iso
      .datetime({ offset: true, error: e.instant })
      .optional()
      .meta({ description: 'Only articles changed at or after this instant (ISO 8601).' }),
    limit: z
      .string(e.limit)
      .regex(/^\d{1,3}$/, e.limit)
      .transform(Number)
      .pipe(z.number().int().min(1, e.limit).max(100, e.limit))
      .optional()
      .meta({ description: 'Articles per page, 1 to 100 (default 20).' }),
    cursor: z
      .string(e.cursor)
      .max(200, e.cursor)
      .regex(/^[A-Za-z0-9_-]+$/, e.cursor)
      .transform((text, ctx) => decodeCursor(text) ?? (ctx.addIssue({ code: 'custom', message: e.cursor }), z.NEVER))
      .optional()
      .meta({ description: 'Opaque: the nextCursor of the page before. Pages stay stable while articles are added.' }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: e.range });
  });

export const noParams = z.strictObject({});
export const noQuery = z.strictObject({});

export const articleIdParamsSchema = z.strictObject({
  id: z
    .string(e.id)
    .regex(/^[1-9]\d{0,9}$/, e.id)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .max(2 ** 31, e.id),
    ),
});

const instant = z.iso.datetime();
const categoryRef = z.strictObject({ id: z.number().int(), slug: z.string(), name: z.string() });

export const articleSummarySchema = z.strictObject({
  id: z.number().int(),
  title: z.string(),
  sapo: z.string(),
  url: z.url().meta({ description: 'The public page.' }),
  category: categoryRef,
  tags: z.array(z.strictObject({ slug: z.string(), name: z.string() })),
  byline: z.string().nullable(),
  publishedAt: instant,
  updatedAt: instant,
  commentCount: z.number().int(),
});

export const articleDetailSchema = articleSummarySchema.extend({
  bodyHtml: z.string().meta({ description: 'Sanitised HTML, as the public page shows it.' }),
  seoTitle: z.string(),
  seoDescription: z.string(),
});

export const articleListSchema = z.strictObject({
  items: z.array(articleSummarySchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last.' }),
});

export const categoryListSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id: z.number().int(),
      slug: z.string(),
      name: z.string(),
      description: z.string(),
      parentId: z.number().int().nullable(),
      position: z.number().int(),
      url: z.url(),
      articleCount: z.number().int().meta({ description: 'Published articles, those of child categories included.' }),
    }),
  ),
});

export type ArticleListQuery = z.output<typeof articleListQuerySchema>;
export type ArticleSummary = z.output<typeof articleSummarySchema>;
export type ArticleDetail = z.output<typeof articleDetailSchema>;
