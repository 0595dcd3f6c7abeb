import { z } from 'zod';
import { messages as m } from '../messages/vi.js';

const page = z
  .string()
  .regex(/^\d{1,4}$/, m.search.invalidPage)
  .transform(Number)
  .pipe(z.number().int().min(1, m.search.invalidPage).max(1000, m.search.invalidPage))
  .optional();
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, m.search.invalidDate)
  .optional()
  .or(z.literal('').transform(() => undefined));
const TYPED_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A day on the search page: dd/mm/yyyy as readers write it, or yyyy-mm-dd
 * from links made before the page took that; read as yyyy-mm-dd. A day the
 * calendar does not have (31/02) is refused here, in the page's own words.
 */
const pageDay = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return undefined;
    const typed = TYPED_DAY.exec(v);
    const iso = ISO_DAY.exec(v);
    const [y, mo, d] = (typed ? [typed[3], typed[2], typed[1]] : iso ? iso.slice(1) : []).map(Number);
    const check = y === undefined ? null : new Date(Date.UTC(y, mo! - 1, d));
    if (!check || check.getUTCFullYear() !== y || check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d) {
      ctx.addIssue({ code: 'custom', message: m.search.invalidDay });
      return z.NEVER;
    }
    return `${y}-${pad(mo!)}-${pad(d!)}`;
  });

/** A yyyy-mm-dd day as the search form shows it, dd/mm/yyyy. */
export function typedDay(iso: string): string {
  const [y, mo, d] = iso.split('-');
  return `${d}/${mo}/${y}`;
}

// Query strings may repeat a key (?q=a&q=b); the first value wins instead of an error.
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Anything a reader types in q is accepted; the query parser makes it safe. */
export const searchPageQuerySchema = z.object({
  q: z.preprocess(first, z.string().optional()),
  trang: z.preprocess(first, page),
  'chuyen-muc': z.preprocess(first, z.string().max(160).optional()),
  tu: z.preprocess(first, pageDay),
  den: z.preprocess(first, pageDay),
  'sap-xep': z.preprocess(first, z.enum(['lien-quan', 'moi-nhat'], m.search.invalidSort).optional()),
});

export const searchApiQuerySchema = z.object({
  q: z.preprocess(first, z.string().optional()),
  page: z.preprocess(first, page),
  category: z.preprocess(first, z.string().max(160).optional()),
  from: z.preprocess(first, day),
  to: z.preprocess(first, day),
  sort: z.preprocess(first, z.enum(['relevance', 'newest'], m.search.invalidSort).optional()),
});
