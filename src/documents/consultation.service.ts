/*
 * Public consultation on draft documents (lấy ý kiến dự thảo): staff set the
 * days and publish their report on the góp ý; the góp ý themselves are
 * comments (src/comments), posted, held and moderated as under articles.
 */
import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { messages } from '../messages/vi.js';
import type { Site } from '../site/site.js';
import { toNfc } from '../vi/normalize.js';
import { consultationPhase, dayText, vnToday } from './consultation.js';
import * as repo from './consultations.repo.js';
import type { ConsultationRow } from './consultations.repo.js';
import type { IncomingFile } from './document-files.js';
import { deleteFiles, findDocument, insertFile, type DocumentFileRow } from './documents.repo.js';
import { parseDay } from './documents.schema.js';
import { documentUrl, type DocumentDeps, type DocumentRow, type DocumentSummary } from './documents.service.js';

const c = messages.consultations;
const REPORT_MAX = 50_000;
export const CONSULTATIONS_PAGE_SIZE = 20;

/** Editors and admins run consultations, as they publish documents. */
async function documentForEditor(deps: Pick<DocumentDeps, 'db'>, actor: Actor | null, id: number) {
  if (!hasRoleAtLeast(actor, 'editor')) throw forbidden(messages.documents.publishForbidden);
  const doc = await findDocument(deps.db.kysely, id);
  if (!doc) throw notFound(messages.documents.notFound);
  return doc;
}

function dayOrNull(value: string, bad: string): string | null {
  const text = value.trim();
  if (!text) return null;
  const day = parseDay(text);
  if (!day) throw badRequest(bad);
  return day;
}

/** Opens a draft for góp ý until `closesOn` (from `opensOn`, if given), or changes its days; a past day ends it. */
export async function setConsultation(
  deps: DocumentDeps,
  actor: Actor | null,
  documentId: number,
  input: { opensOn: string; closesOn: string },
): Promise<void> {
  await writeConsultation(deps, actor, await documentForEditor(deps, actor, documentId), input);
}

/** The demo's draft, opened by the site itself (no one to check). */
export async function openDemoConsultation(deps: DocumentDeps, documentId: number, closesOn: string): Promise<void> {
  const doc = await findDocument(deps.db.kysely, documentId);
  if (doc) await writeConsultation(deps, null, doc, { opensOn: '', closesOn });
}

async function writeConsultation(
  deps: DocumentDeps,
  actor: Actor | null,
  doc: DocumentRow,
  input: { opensOn: string; closesOn: string },
): Promise<void> {
  if (doc.status !== 'du_thao') throw badRequest(c.admin.onlyDrafts);
  const opens = dayOrNull(input.opensOn, messages.documents.badDate);
  const closes = dayOrNull(input.closesOn, messages.documents.badDate);
  if (!closes) throw badRequest(c.admin.closesRequired);
  if (opens && closes < opens) throw badRequest(c.admin.closesBeforeOpens);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await repo.saveConsultationDays(trx, doc.id, { opens_on: opens, closes_on: closes }, now);
    await recordAudit(trx, {
      actor,
      action: 'document.consultation',
      entityType: 'document',
      entityId: doc.id,
      detail: `${doc.code} (${opens ? `${dayText(opens)} - ` : ''}${dayText(closes)})`,
      now,
    });
  });
  if (doc.state === 'published') deps.contentChanged();
}

/**
 * The report on the góp ý (báo cáo tiếp thu, giải trình): text, and optionally a file kept among the
 * document's files, which replaces the report's earlier one. Shown on the public page once published.
 */
export async function saveConsultationReport(
  deps: DocumentDeps,
  actor: Actor | null,
  documentId: number,
  input: { report: string; publish: boolean; file: IncomingFile | null },
): Promise<void> {
  const doc = await documentForEditor(deps, actor, documentId);
  const consultation = await repo.findConsultation(deps.db.kysely, doc.id);
  if (!consultation) throw badRequest(c.admin.noConsultation);
  const report = toNfc(input.report).replace(/\r\n?/g, '\n').trim();
  if (report.length > REPORT_MAX) throw badRequest(c.admin.reportTooLong);
  if (input.publish && !report) throw badRequest(c.admin.reportEmpty);
  const checked = input.file ? deps.files.check(input.file) : null;
  if (checked) await deps.files.put([checked]);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    let fileId = consultation.report_file_id;
    if (checked) {
      fileId = await insertFile(
        trx,
        {
          document_id: doc.id,
          storage_key: checked.storageKey,
          original_name: checked.originalName,
          mime: checked.mime,
          ext: checked.ext,
          bytes: checked.bytes,
        },
        now,
      );
      if (consultation.report_file_id) await deleteFiles(trx, doc.id, [consultation.report_file_id]);
    }
    const publishedAt = input.publish ? (consultation.report_published_at ?? now) : null;
    await repo.saveReport(trx, doc.id, { report, report_file_id: fileId, report_published_at: publishedAt }, now);
    await recordAudit(trx, {
      actor,
      action: 'document.consultation_report',
      entityType: 'document',
      entityId: doc.id,
      detail: doc.code,
      now,
    });
  });
  if (doc.state === 'published') deps.contentChanged();
}

export function findConsultation(deps: Pick<DocumentDeps, 'db'>, documentId: number) {
  return repo.findConsultation(deps.db.kysely, documentId);
}

/** A document's consultation as its public page shows it; null when it has none. */
export async function consultationOf(site: Site, doc: Pick<DocumentRow, 'id' | 'status'>, files: DocumentFileRow[]) {
  const consultation = await repo.findConsultation(site.db.kysely, doc.id);
  if (!consultation) return null;
  const published = consultation.report_published_at !== null;
  return {
    consultation,
    phase: consultationPhase(consultation, doc, site.now()),
    report: published ? consultation.report : '',
    reportFile: published ? files.find((f) => f.id === consultation.report_file_id) : undefined,
  };
}

/** The report's file stays private until the report is published. */
export async function isUnpublishedReportFile(site: Site, documentId: number, fileId: number): Promise<boolean> {
  const consultation = await repo.findConsultation(site.db.kysely, documentId);
  return consultation?.report_file_id === fileId && consultation.report_published_at === null;
}

/** The document's files for its page: the report's file shows with the report, not among them. */
export function filesBesideReport(files: DocumentFileRow[], consultation: ConsultationRow | undefined) {
  return consultation?.report_file_id ? files.filter((f) => f.id !== consultation.report_file_id) : files;
}

/** /van-ban/du-thao: one page of open (or ended) consultations, and whether another follows. */
export async function listPublicConsultations(site: Site, which: 'open' | 'ended', page: number) {
  const rows = await repo.listConsultations(site.db.kysely, which, vnToday(site.now()), {
    limit: CONSULTATIONS_PAGE_SIZE + 1,
    offset: (page - 1) * CONSULTATIONS_PAGE_SIZE,
  });
  return { rows: rows.slice(0, CONSULTATIONS_PAGE_SIZE), more: rows.length > CONSULTATIONS_PAGE_SIZE };
}

/** The home page's "Dự thảo lấy ý kiến": consultations open today, soonest closing first. */
export function openConsultations(ctx: { site: Site }, n: number): Promise<DocumentSummary[]> {
  const { site } = ctx;
  const today = vnToday(site.now());
  let entry = open.get(site);
  // Read once per content version and Vietnam day, like the newest documents: the home page asks on every render.
  if (entry?.version !== site.version || entry.today !== today || entry.n !== n) {
    const list = repo.listConsultations(site.db.kysely, 'open', today, { limit: n, offset: 0 }).then((rows) =>
      rows.map((r) => ({
        id: r.id,
        code: r.code,
        typeName: r.type_name,
        summary: r.summary,
        issuedOn: '',
        url: documentUrl(r),
        closesOn: r.closes_on,
      })),
    );
    entry = { version: site.version, today, n, list };
    open.set(site, entry);
    list.catch(() => open.delete(site));
  }
  return entry.list;
}
const open = new WeakMap<Site, { version: number; today: string; n: number; list: Promise<DocumentSummary[]> }>();
