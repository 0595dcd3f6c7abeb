import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ConsultationsTable } from './documents.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ConsultationRow = Selectable<ConsultationsTable>;

export function findConsultation(db: Db, documentId: number): Promise<ConsultationRow | undefined> {
  return db.selectFrom('consultations').selectAll().where('document_id', '=', documentId).executeTakeFirst();
}

/** Sets the days; the counts and the report stay. */
export async function saveConsultationDays(
  db: Db,
  documentId: number,
  days: { opens_on: string | null; closes_on: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('consultations')
    .values({ document_id: documentId, ...days, updated_at: now })
    .onConflict((oc) => oc.column('document_id').doUpdateSet({ ...days, updated_at: now }))
    .execute();
}

export async function saveReport(
  db: Db,
  documentId: number,
  report: { report: string; report_file_id: number | null; report_published_at: string | null },
  now: string,
): Promise<void> {
  await db
    .updateTable('consultations')
    .set({ ...report, updated_at: now })
    .where('document_id', '=', documentId)
    .execute();
}

export interface ConsultationListRow {
  id: number;
  slug: string;
  code: string;
  type_name: string;
  summary: string;
  issuer: string;
  opens_on: string | null;
  closes_on: string;
  comment_count: number;
}

/**
 * Consultations everyone may see (published, open to all), by what the day
 * `today` makes of them: open (a draft, closing today or later, opened by
 * today) soonest closing first; ended (closed, or no longer a draft) latest
 * closing first. Those not open yet are in neither.
 */
export function listConsultations(
  db: Db,
  which: 'open' | 'ended',
  today: string,
  page: { limit: number; offset: number },
): Promise<ConsultationListRow[]> {
  let q = db
    .selectFrom('consultations')
    .innerJoin('documents', 'documents.id', 'consultations.document_id')
    .innerJoin('document_types', 'document_types.id', 'documents.type_id')
    .where('documents.state', '=', 'published')
    .where('documents.visible_roles', '=', '')
    .select([
      'documents.id',
      'documents.slug',
      'documents.code',
      'document_types.name as type_name',
      'documents.summary',
      'documents.issuer',
      'consultations.opens_on',
      'consultations.closes_on',
      'consultations.comment_count',
    ]);
  if (which === 'open')
    q = q
      .where('documents.status', '=', 'du_thao')
      .where('consultations.closes_on', '>=', today)
      .where((eb) => eb.or([eb('consultations.opens_on', 'is', null), eb('consultations.opens_on', '<=', today)]))
      .orderBy('consultations.closes_on', 'asc');
  else
    q = q
      .where((eb) => eb.or([eb('consultations.closes_on', '<', today), eb('documents.status', '<>', 'du_thao')]))
      .orderBy('consultations.closes_on', 'desc');
  return q.orderBy('documents.id', 'desc').limit(page.limit).offset(page.offset).execute();
}
