import type { ColumnType, Generated } from 'kysely';
import { z } from 'zod';
import { messages } from '../messages/vi.js';
import { toNfc } from '../vi/normalize.js';

/** Timestamps travel as UTC ISO strings on both dialects; days as yyyy-mm-dd. */
type Timestamp = string;
type Day = string;

export const DOCUMENT_STATUSES = ['con_hieu_luc', 'het_hieu_luc', 'du_thao'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export type DocumentState = 'draft' | 'published';

export interface DocumentTypesTable {
  id: Generated<number>;
  name: string;
  position: ColumnType<number, number | undefined, number>;
}

export interface DocumentsTable {
  id: Generated<number>;
  slug: string;
  code: string;
  code_key: string;
  type_id: number;
  issuer: string;
  signer: string;
  signer_position: string;
  issued_on: Day;
  effective_on: Day | null;
  expires_on: Day | null;
  replaced_by_id: number | null;
  summary: string;
  field: string;
  status: DocumentStatus;
  full_text: string;
  /** ",reader,editor,": the roles that may see it; empty for everyone. */
  visible_roles: string;
  state: DocumentState;
  search_text: string;
  views: ColumnType<number, number | undefined, number>;
  downloads: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DocumentFilesTable {
  id: Generated<number>;
  document_id: number;
  storage_key: string;
  original_name: string;
  mime: string;
  ext: string;
  bytes: number;
  position: number;
  downloads: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
}

export interface DocumentRelationsTable {
  document_id: number;
  related_id: number;
}

export interface DocumentReferencesTable {
  article_id: number;
  code_key: string;
  as_written: string;
}

/** A draft's public consultation (migration 040). */
export interface ConsultationsTable {
  document_id: number;
  opens_on: Day | null;
  closes_on: Day;
  comment_count: ColumnType<number, number | undefined, number>;
  top_comment_count: ColumnType<number, number | undefined, number>;
  report: ColumnType<string, string | undefined, string>;
  report_file_id: ColumnType<number | null, number | null | undefined, number | null>;
  report_published_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  updated_at: Timestamp;
}

/** Merged into src/db/schema.ts's Database. */
export interface DocumentTables {
  consultations: ConsultationsTable;
  document_types: DocumentTypesTable;
  documents: DocumentsTable;
  document_files: DocumentFilesTable;
  document_relations: DocumentRelationsTable;
  document_references: DocumentReferencesTable;
}

const d = messages.documents;
const text = (max: number, tooLong: string) =>
  z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().max(max, tooLong));
const required = (max: number, missing: string, tooLong: string) =>
  z
    .string({ error: missing })
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().min(1, missing).max(max, tooLong));
const day = (bad: string) =>
  z
    .string()
    .trim()
    .transform((s, ctx) => {
      if (!s) return null;
      const parsed = parseDay(s);
      if (!parsed) ctx.addIssue({ code: 'custom', message: bad });
      return parsed;
    });

/**
 * A calendar day written dd/mm/yyyy (as Vietnamese documents and the CSV do) or
 * yyyy-mm-dd (as a date input sends it), as yyyy-mm-dd; null if it is no real day.
 */
export function parseDay(s: string): Day | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, da] = s.includes('/') ? [m[3], m[2], m[1]] : [m[1], m[2], m[3]];
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(mo) - 1 || date.getUTCDate() !== Number(da))
    return null;
  return date.toISOString().slice(0, 10);
}

/** One document as a form or the CSV import gives it. */
export const documentInputSchema = z.object({
  code: required(100, d.codeRequired, d.codeTooLong),
  typeId: z.number({ error: d.typeRequired }).int().positive(d.typeRequired),
  issuer: required(300, d.issuerRequired, d.tooLong),
  signer: text(200, d.tooLong).default(''),
  signerPosition: text(200, d.tooLong).default(''),
  issuedOn: day(d.badDate).pipe(z.string({ error: d.issuedRequired })),
  effectiveOn: day(d.badDate).default(null),
  expiresOn: day(d.badDate).default(null),
  replacedBy: text(100, d.codeTooLong).default(''),
  summary: required(5000, d.summaryRequired, d.tooLong),
  field: text(200, d.tooLong).default(''),
  status: z.enum(DOCUMENT_STATUSES, { error: d.badStatus }),
  fullText: text(500_000, d.tooLong).default(''),
  related: text(2000, d.tooLong).default(''),
  visibleRoles: z.array(z.enum(['reader', 'author', 'editor', 'admin'])).default([]),
});
export type ParsedDocumentInput = z.output<typeof documentInputSchema>;
