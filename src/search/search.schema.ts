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
// Query strings may repeat a key (?q=a&q=b); the first value wins instead of an error.
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** Anything a reader types in q is accepted; the query parser makes it safe. */
export const searchPageQuerySchema = z.object({
  q: z.preprocess(first, z.string().optional()),
  trang: z.preprocess(first, page),
  'chuyen-muc': z.preprocess(first, z.string().max(160).optional()),
  tu: z.preprocess(first, day),
  den: z.preprocess(first, day),
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
