import { z } from 'zod';
import { apiMessages } from '../messages/api.en.js';
import { DOCUMENT_STATUSES } from './documents.schema.js';

const e = apiMessages.expected;
const text = (max: number) => z.string(e.text(max)).max(max, e.text(max));

export const documentListQuerySchema = z.strictObject({
  q: text(200)
    .optional()
    .meta({ description: 'Search words or a code, written any way (42/2022/NĐ-CP, nghi dinh 42 2022).' }),
  type: text(100).optional().meta({ description: 'A document type by name, e.g. "Nghị định".' }),
  issuer: text(300).optional().meta({ description: 'The issuing body, exactly as the documents give it.' }),
  field: text(200).optional().meta({ description: 'The field, exactly as the documents give it.' }),
  year: z
    .string(e.year)
    .regex(/^\d{4}$/, e.year)
    .transform(Number)
    .optional()
    .meta({ description: 'Issued in this year.' }),
  status: z.enum(DOCUMENT_STATUSES, e.documentStatus).optional().meta({ description: 'In force, expired or draft.' }),
  page: z
    .string(e.page)
    .regex(/^\d{1,5}$/, e.page)
    .transform(Number)
    .pipe(z.number().int().min(1, e.page).max(10_000, e.page))
    .optional()
    .meta({ description: 'Page number, 20 documents a page (default 1).' }),
});

export const documentIdParamsSchema = z.strictObject({
  id: z
    .string(e.id)
    .regex(/^[1-9]\d{0,8}$/, e.id)
    .transform(Number),
});

const day = z.iso.date();

export const documentSummarySchema = z.strictObject({
  id: z.number().int(),
  code: z.string().meta({ description: 'As issued, e.g. 42/2022/NĐ-CP.' }),
  type: z.string(),
  issuer: z.string(),
  summary: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  issuedOn: day,
  effectiveOn: day.nullable(),
  url: z.url().meta({ description: 'The public page.' }),
});

export const documentDetailSchema = documentSummarySchema.extend({
  signer: z.string(),
  signerPosition: z.string(),
  expiresOn: day.nullable(),
  field: z.string(),
  fullText: z.string().meta({ description: 'Plain text; empty when only the files carry it.' }),
  replacedBy: z.strictObject({ id: z.number().int(), code: z.string(), url: z.url() }).nullable(),
  files: z.array(z.strictObject({ name: z.string(), mime: z.string(), bytes: z.number().int(), url: z.url() })),
  updatedAt: z.iso.datetime(),
});

export const documentListSchema = z.strictObject({
  items: z.array(documentSummarySchema),
  page: z.number().int(),
  totalPages: z.number().int(),
  total: z.number().int().meta({ description: 'Matching documents (a search counts at most its 500 newest).' }),
});

export type DocumentListQuery = z.output<typeof documentListQuerySchema>;
