import type { Actor } from '../accounts/roles.js';
import { hasRoleAtLeast, isStaff } from '../accounts/roles.js';
import { articleUrl } from '../articles/urls.js';
import { recordAudit, recordAudits } from '../audit/audit.service.js';
import type { DbHandle } from '../db/index.js';
import { isDatabaseUnavailable, isDiskFull } from '../db/availability.js';
import { AppError, badRequest, forbidden, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { htmlToText } from '../search/html-text.js';
import { documentScore, documentSearchText, parseDocumentQuery } from '../search/search.service.js';
import type { Site } from '../site/site.js';
import { documentCodeKey, findDocumentReferences } from '../vi/document-references.js';
import { enqueueWebhookEvent, enqueueWebhookEvents } from '../webhooks/webhooks.service.js';
import { slugify } from '../vi/slug.js';
import { isVisible } from './access.js';
import { DocumentCounts } from './counts.js';
import { DocumentFileStore, type CheckedFile, type IncomingFile } from './document-files.js';
import { linkReferences } from './document-links.js';
import { CONSULTATIONS_PATH } from './consultation.views.js';
import * as repo from './documents.repo.js';
import type { DocumentListRow, DocumentRow, ListFilters, Viewer } from './documents.repo.js';
import {
  documentInputSchema,
  type DocumentState,
  type DocumentStatus,
  type ParsedDocumentInput,
} from './documents.schema.js';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

export type { DocumentFileRow, DocumentListRow, DocumentRow } from './documents.repo.js';

const d = messages.documents;
export const DOCUMENTS_PAGE_SIZE = 20;
/** A search ranks among at most this many of its newest matches: more than a library's answer to any query. */
const SEARCH_CAP = 500;

export interface DocumentDeps {
  db: DbHandle;
  now: () => Date;
  contentChanged: () => void;
  files: DocumentFileStore;
}

export function documentDeps(site: Site): DocumentDeps {
  return { db: site.db, now: site.now, contentChanged: site.contentChanged, files: new DocumentFileStore(site.config) };
}

export function documentUrl(doc: { slug: string }): string {
  return `/van-ban/${doc.slug}`;
}

export function fileUrl(doc: { slug: string }, file: { id: number }, inline = false): string {
  return `${documentUrl(doc)}/tep/${file.id}${inline ? '?xem=1' : ''}`;
}

const viewerOf = (actor: Actor | null | undefined): Viewer | null => (actor ? { role: actor.role } : null);

// ---- writing ----

async function resolveCodes(db: DbHandle['kysely'], codes: readonly string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const code of codes) {
    const found = await repo.findDocumentByKey(db, documentCodeKey(code));
    if (!found) throw badRequest(d.unknownCode(code));
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ids;
}

async function freeSlug(db: DbHandle['kysely'], base: string, id: number | null): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await repo.slugTaken(db, slug, id))) return slug;
  }
}

/** The documents row of a checked input. */
function documentWrite(
  data: ParsedDocumentInput,
  type: { id: number; name: string },
  set: { slug: string; codeKey: string; replacedBy: number | null; state: DocumentState },
): repo.DocumentWrite {
  return {
    slug: set.slug,
    code: data.code,
    code_key: set.codeKey,
    type_id: type.id,
    issuer: data.issuer,
    signer: data.signer,
    signer_position: data.signerPosition,
    issued_on: data.issuedOn,
    effective_on: data.effectiveOn,
    expires_on: data.expiresOn,
    replaced_by_id: set.replacedBy,
    summary: data.summary,
    field: data.field,
    status: data.status,
    full_text: data.fullText,
    visible_roles: data.visibleRoles.length ? `,${data.visibleRoles.join(',')},` : '',
    state: set.state,
    search_text: documentSearchText({
      code: data.code,
      typeName: type.name,
      summary: data.summary,
      issuer: data.issuer,
      field: data.field,
      signer: data.signer,
      fullText: data.fullText,
    }),
  };
}

const fileRow = (documentId: number, f: CheckedFile) => ({
  document_id: documentId,
  storage_key: f.storageKey,
  original_name: f.originalName,
  mime: f.mime,
  ext: f.ext,
  bytes: f.bytes,
});

interface WriteOptions {
  actor: Actor | null;
  state: DocumentState;
  files: readonly IncomingFile[];
  removeFileIds?: readonly number[];
  /** The document types, when the caller has read them already (an import reads them once, not once a row). */
  types?: readonly { id: number; name: string }[];
}

/** One transaction: the row, its relations, its files' rows and the audit line, or nothing. */
async function writeDocument(
  deps: DocumentDeps,
  existing: DocumentRow | null,
  data: ParsedDocumentInput,
  opts: WriteOptions,
): Promise<{ id: number; slug: string; created: boolean }> {
  const db = deps.db.kysely;
  const key = documentCodeKey(data.code);
  // The key is unique: when the document itself holds it (an import, an unchanged code), no one else can.
  const holder = existing?.code_key === key ? existing : await repo.findDocumentByKey(db, key);
  if (holder && holder.id !== existing?.id) throw badRequest(d.codeTaken(holder.code));
  const type = (opts.types ?? (await repo.listTypes(db))).find((t) => t.id === data.typeId);
  if (!type) throw badRequest(d.typeRequired);
  const replacedBy = data.replacedBy ? (await resolveCodes(db, [data.replacedBy]))[0]! : null;
  const related = data.related
    ? await resolveCodes(
        db,
        data.related
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : [];
  const checked: CheckedFile[] = opts.files.map((f) => deps.files.check(f));
  const base = slugify(`${type.name} ${data.code}`) || 'van-ban';
  const slug =
    existing && existing.slug.startsWith(base) ? existing.slug : await freeSlug(db, base, existing?.id ?? null);
  const row = documentWrite(data, type, { slug, codeKey: key, replacedBy, state: opts.state });
  // Files first: a row never names a file that is not there (a file without a row is harmless).
  if (checked.length) await deps.files.put(checked);
  const now = deps.now().toISOString();
  // An import's rows are written inside its own transaction (importDocumentsCommand), one savepoint each.
  const inTransaction = (write: (trx: Kysely<Database>) => Promise<number>) =>
    db.isTransaction ? write(db) : db.transaction().execute(write);
  const id = await inTransaction(async (trx) => {
    let id: number;
    if (existing) {
      id = existing.id;
      await repo.updateDocument(trx, id, row, now);
    } else id = await repo.insertDocument(trx, row, opts.actor?.id ?? null, now);
    await repo.setRelations(
      trx,
      id,
      related.filter((r) => r !== id),
    );
    if (opts.removeFileIds?.length) await repo.deleteFiles(trx, id, opts.removeFileIds);
    const stored = existing ? await repo.listFiles(trx, id) : [];
    for (const f of checked) {
      if (stored.some((s) => s.storage_key === f.storageKey)) continue;
      await repo.insertFile(trx, fileRow(id, f), now);
    }
    const action = existing
      ? opts.state === 'published' && existing.state !== 'published'
        ? 'document.publish'
        : opts.state === 'draft' && existing.state === 'published'
          ? 'document.unpublish'
          : 'document.update'
      : opts.state === 'published'
        ? 'document.publish'
        : 'document.create';
    await recordAudit(trx, { actor: opts.actor, action, entityType: 'document', entityId: id, detail: data.code, now });
    // Receivers are outside the site: a document only some roles may read is not announced to them.
    if (action === 'document.publish' && !row.visible_roles) {
      const event = { id, title: `${row.code}: ${row.summary}`, path: documentUrl(row), publishedAt: now };
      await enqueueWebhookEvent(trx, 'document.published', event, now);
    }
    return id;
  });
  // Lists, the document's page and every article that cites it change: every cached page goes (src/db/notify.ts).
  if (opts.state === 'published' || existing?.state === 'published') deps.contentChanged();
  return { id, slug, created: !existing };
}

function assertMayPublish(actor: Actor | null, state: DocumentState): void {
  if (state === 'published' && !hasRoleAtLeast(actor, 'editor')) throw forbidden(d.publishForbidden);
}

export async function createDocument(
  deps: DocumentDeps,
  actor: Actor | null,
  input: unknown,
  opts: { publish: boolean; files: readonly IncomingFile[] },
) {
  if (!isStaff(actor)) throw forbidden(messages.newsroom.errors.forbidden);
  const state: DocumentState = opts.publish ? 'published' : 'draft';
  assertMayPublish(actor, state);
  const data = parseOr400(documentInputSchema, input);
  return writeDocument(deps, null, data, { actor, state, files: opts.files });
}

/** Authors change their own drafts; editors and admins change anything and decide what is published. */
export async function updateDocument(
  deps: DocumentDeps,
  actor: Actor | null,
  id: number,
  input: unknown,
  opts: { state?: DocumentState; files: readonly IncomingFile[]; removeFileIds: readonly number[] },
) {
  const existing = await getDocumentForStaff(deps, actor, id);
  const state = opts.state ?? existing.state;
  if (state !== existing.state) assertMayPublish(actor, 'published');
  const data = parseOr400(documentInputSchema, input);
  return writeDocument(deps, existing, data, { actor, state, files: opts.files, removeFileIds: opts.removeFileIds });
}

export async function getDocumentForStaff(deps: Pick<DocumentDeps, 'db'>, actor: Actor | null, id: number) {
  if (!isStaff(actor)) throw forbidden(messages.newsroom.errors.forbidden);
  const doc = await repo.findDocument(deps.db.kysely, id);
  if (!doc) throw notFound(d.notFound);
  if (!hasRoleAtLeast(actor, 'editor') && !(doc.created_by === actor!.id && doc.state === 'draft'))
    throw forbidden(d.editForbidden);
  return doc;
}

export async function staffEditData(deps: Pick<DocumentDeps, 'db'>, id: number) {
  const db = deps.db.kysely;
  const doc = await repo.findDocument(db, id);
  const [files, related, replacedBy] = await Promise.all([
    repo.listFiles(db, id),
    repo.relatedCodes(db, id),
    doc?.replaced_by_id ? repo.findDocument(db, doc.replaced_by_id) : undefined,
  ]);
  return { files, relatedCodes: related.map((r) => r.code), replacedByCode: replacedBy?.code ?? '' };
}

export async function listDocumentsForStaff(deps: Pick<DocumentDeps, 'db'>, actor: Actor | null, page: number) {
  if (!isStaff(actor)) throw forbidden(messages.newsroom.errors.forbidden);
  return repo.listForStaff(deps.db.kysely, 50, (page - 1) * 50);
}

export function listDocumentTypes(deps: Pick<DocumentDeps, 'db'>) {
  return repo.listTypes(deps.db.kysely);
}

/** Seeds the default types when there are none: at server start, and before an import or a new type. */
export async function ensureDocumentTypes(deps: Pick<DocumentDeps, 'db'>): Promise<void> {
  await repo.typesForWriting(deps.db.kysely);
}

/** The types an import files its rows under, the defaults seeded first when there are none. */
export function importDocumentTypes(deps: Pick<DocumentDeps, 'db'>): Promise<{ id: number; name: string }[]> {
  return repo.typesForWriting(deps.db.kysely);
}

export async function addDocumentType(deps: DocumentDeps, actor: Actor | null, rawName: unknown): Promise<void> {
  if (!hasRoleAtLeast(actor, 'admin')) throw forbidden(messages.newsroom.errors.forbidden);
  const name = typeof rawName === 'string' ? rawName.normalize('NFC').trim() : '';
  if (!name || name.length > 100) throw badRequest(d.typeNameRequired);
  const types = await repo.typesForWriting(deps.db.kysely);
  if (types.some((t) => t.name.toLowerCase() === name.toLowerCase())) throw badRequest(d.typeTaken);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const id = await repo.insertType(trx, name);
    await recordAudit(trx, {
      actor,
      action: 'document.type_create',
      entityType: 'document_type',
      entityId: id,
      detail: name,
      now,
    });
  });
}

// ---- the CSV import (src/cli/import-documents.command.ts) ----

export interface ImportRow {
  code: string;
  typeName: string;
  issuer: string;
  signer: string;
  issuedOn: string;
  effectiveOn: string;
  summary: string;
  field: string;
  status: string;
  files: readonly IncomingFile[];
}

const STATUS_WORDS: Record<string, DocumentStatus> = {
  'còn hiệu lực': 'con_hieu_luc',
  'hết hiệu lực': 'het_hieu_luc',
  'dự thảo': 'du_thao',
};

/** A row's fate: its document, or why it was refused (an AppError for bad input, another Error for the database's refusal). */
export type ImportOutcome = { ok: true; id: number; slug: string; created: boolean } | { ok: false; error: Error };

/** One row (the demo content's draft): its document, or the row's refusal thrown. */
export async function importDocument(
  deps: DocumentDeps,
  row: ImportRow,
  types: readonly { id: number; name: string }[],
): Promise<{ id: number; slug: string; created: boolean }> {
  const [outcome] = await importDocuments(deps, [row], types);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!;
}

/**
 * Creates each row's document, or updates the one with the same code; published at once, as the
 * import is the operator's. `types`: the import's document types (typesForWriting), read once.
 *
 * The rows are written in one transaction, one statement per table rather than about nine per row
 * (on PostgreSQL each a round trip). A refused row (bad input) is left out before anything is
 * written. If the rows cannot be written together (the database refuses one), each is tried again
 * in a savepoint of its own, so only the rows that really fail are reported; an outage stops the
 * import. Outcomes come in the order of `rows`.
 */
export async function importDocuments(
  deps: DocumentDeps,
  rows: readonly ImportRow[],
  types: readonly { id: number; name: string }[],
): Promise<ImportOutcome[]> {
  const ctx: ImportContext = { deps, types, now: deps.now().toISOString() };
  // Each code read once: reading one costs about as much as the rest of a row's checks.
  const keyed = rows.map((input) => ({ input, key: documentCodeKey(input.code) }));
  let outcomes: ImportOutcome[];
  try {
    outcomes = await deps.db.kysely.transaction().execute((trx) => importRuns(ctx, trx, keyed));
  } catch (err) {
    if (isDatabaseUnavailable(err) || isDiskFull(err)) throw err;
    outcomes = await importOneByOne(ctx, keyed);
  }
  // Lists, the documents' pages and every article that cites them change: every cached page goes (src/db/notify.ts).
  if (outcomes.some((o) => o.ok)) deps.contentChanged();
  return outcomes;
}

/** What every row of an import shares. */
interface ImportContext {
  deps: DocumentDeps;
  types: readonly { id: number; name: string }[];
  now: string;
}

async function importOneByOne(ctx: ImportContext, rows: readonly KeyedRow[]): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  const trx = await ctx.deps.db.kysely.startTransaction().execute();
  try {
    for (const row of rows) {
      const savepoint = await trx.savepoint('document_row').execute();
      try {
        outcomes.push(...(await importRun(ctx, trx, [row])));
        await savepoint.releaseSavepoint('document_row').execute();
      } catch (err) {
        if (isDatabaseUnavailable(err) || isDiskFull(err)) throw err;
        await savepoint.rollbackToSavepoint('document_row').execute();
        outcomes.push({ ok: false, error: err instanceof Error ? err : new Error(String(err)) });
      }
    }
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
  return outcomes;
}

/** A code twice among the rows: the second copy updates what the first wrote, as it would in a file of its own. */
async function importRuns(
  ctx: ImportContext,
  trx: Transaction<Database>,
  rows: readonly KeyedRow[],
): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  let run: KeyedRow[] = [];
  const keys = new Set<string>();
  for (const row of rows) {
    if (keys.has(row.key)) {
      outcomes.push(...(await importRun(ctx, trx, run)));
      run = [];
      keys.clear();
    }
    keys.add(row.key);
    run.push(row);
  }
  if (run.length) outcomes.push(...(await importRun(ctx, trx, run)));
  return outcomes;
}

/** A row with its code's key (documentCodeKey). */
interface KeyedRow {
  input: ImportRow;
  key: string;
}

interface ReadyRow {
  existing: DocumentRow | null;
  data: ParsedDocumentInput;
  row: repo.DocumentWrite;
  files: CheckedFile[];
  /** The slug's base, when the document does not keep the slug it has. */
  base: string | null;
}

/** What importDocuments checks of a row before anything is written; throws the row's AppError. */
function readyRow(
  deps: DocumentDeps,
  { input, key }: KeyedRow,
  types: readonly { id: number; name: string }[],
  existing: DocumentRow | null,
): ReadyRow {
  const wantedType = input.typeName.normalize('NFC').trim().toLowerCase();
  const type = types.find((t) => t.name.toLowerCase() === wantedType);
  if (!type) throw badRequest(d.unknownType(input.typeName));
  const status = STATUS_WORDS[input.status.normalize('NFC').trim().toLowerCase()];
  if (!status) throw badRequest(d.badStatus);
  const data = parseOr400(documentInputSchema, {
    code: input.code,
    typeId: type.id,
    issuer: input.issuer,
    signer: input.signer,
    issuedOn: input.issuedOn,
    effectiveOn: input.effectiveOn,
    summary: input.summary,
    field: input.field,
    status,
    // What the import does not carry stays as it was (its relations and successor too: they are not written).
    signerPosition: existing?.signer_position ?? '',
    fullText: existing?.full_text ?? '',
    visibleRoles: existing?.visible_roles.split(',').filter(Boolean) ?? [],
    expiresOn: existing?.expires_on ?? '',
  });
  const files = input.files.map((f) => deps.files.check(f));
  const base = slugify(`${type.name} ${data.code}`) || 'van-ban';
  const keep = existing && existing.slug.startsWith(base);
  return {
    existing,
    data,
    files,
    base: keep ? null : base,
    row: documentWrite(data, type, {
      slug: keep ? existing.slug : '',
      codeKey: key,
      replacedBy: existing?.replaced_by_id ?? null,
      state: 'published',
    }),
  };
}

/** Rows with distinct codes, written together: a statement per table (documents, files, audit, webhooks). */
async function importRun(
  { deps, types, now }: ImportContext,
  trx: Transaction<Database>,
  rows: readonly KeyedRow[],
): Promise<ImportOutcome[]> {
  const existing = await repo.findDocumentsByKeys(
    trx,
    rows.map((r) => r.key),
  );
  const outcomes: (ImportOutcome | ReadyRow)[] = rows.map((row) => {
    try {
      return readyRow(deps, row, types, existing.get(row.key) ?? null);
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err };
      throw err;
    }
  });
  const ready = outcomes.filter((o): o is ReadyRow => !('ok' in o));
  if (!ready.length) return outcomes as ImportOutcome[];
  await freeSlugs(trx, ready);
  const files = ready.flatMap((r) => r.files);
  // Files first: a row never names a file that is not there (a file without a row is harmless).
  if (files.length) await deps.files.put(files);
  const ids = await repo.upsertDocuments(
    trx,
    ready.map((r) => r.row),
    now,
  );
  const idOf = (r: ReadyRow) => ids.get(r.row.code_key)!;
  await addFiles(trx, ready, idOf, now);
  const publishes = (r: ReadyRow) => !r.existing || r.existing.state !== 'published';
  await recordAudits(
    trx,
    ready.map((r) => ({
      actor: null,
      action: publishes(r) ? 'document.publish' : 'document.update',
      entityType: 'document',
      entityId: idOf(r),
      detail: r.data.code,
      now,
    })),
  );
  // Receivers are outside the site: a document only some roles may read is not announced to them.
  const announced = ready.filter((r) => publishes(r) && !r.row.visible_roles);
  await enqueueWebhookEvents(
    trx,
    'document.published',
    announced.map((r) => ({
      id: idOf(r),
      title: `${r.row.code}: ${r.row.summary}`,
      path: documentUrl(r.row),
      publishedAt: now,
    })),
    now,
  );
  return outcomes.map((o) => ('ok' in o ? o : { ok: true, id: idOf(o), slug: o.row.slug, created: !o.existing }));
}

/** Each row's slug that is not kept: its base when free, else the first free `base-n`; no two rows alike. */
async function freeSlugs(db: Kysely<Database>, ready: readonly ReadyRow[]): Promise<void> {
  const wanting = ready.filter((r) => r.base !== null);
  const holders = await repo.slugHolders(db, [...new Set(wanting.map((r) => r.base!))]);
  const used = new Set(ready.filter((r) => r.base === null).map((r) => r.row.slug));
  for (const r of wanting) {
    const id = r.existing?.id ?? null;
    for (let n = 1; ; n++) {
      const slug = n === 1 ? r.base! : `${r.base}-${n}`;
      if (used.has(slug)) continue;
      const taken = n === 1 ? (holders.get(slug) ?? []).some((h) => h !== id) : await repo.slugTaken(db, slug, id);
      if (taken) continue;
      r.row.slug = slug;
      used.add(slug);
      break;
    }
  }
}

/** The rows' files, after those their documents have; a file a document holds already is not added again. */
async function addFiles(
  db: Kysely<Database>,
  ready: readonly ReadyRow[],
  idOf: (r: ReadyRow) => number,
  now: string,
): Promise<void> {
  const withFiles = ready.filter((r) => r.files.length);
  if (!withFiles.length) return;
  const stored = await repo.filesOf(
    db,
    withFiles.flatMap((r) => (r.existing ? [r.existing.id] : [])),
  );
  const rows = withFiles.flatMap((r) => {
    const id = idOf(r);
    const own = stored.filter((s) => s.document_id === id);
    let position = own.reduce((max, s) => Math.max(max, s.position), 0);
    return r.files
      .filter((f) => !own.some((s) => s.storage_key === f.storageKey))
      .map((f) => ({ ...fileRow(id, f), position: ++position }));
  });
  await repo.insertFiles(db, rows, now);
}

// ---- reading, for the public ----

export interface PublicListInput extends ListFilters {
  q?: string;
  page: number;
}

export async function listPublicDocuments(site: Site, actor: Actor | null | undefined, input: PublicListInput) {
  const db = site.db.kysely;
  const viewer = viewerOf(actor);
  const offset = (input.page - 1) * DOCUMENTS_PAGE_SIZE;
  const [types, facets] = await Promise.all([repo.listTypes(db), repo.facets(db, viewer)]);
  const query = input.q ? parseDocumentQuery(input.q) : null;
  let rows: DocumentListRow[];
  let total: number;
  if (query) {
    const ranked = await rankedSearch(db, viewer, input, query);
    total = ranked.length;
    rows = ranked.slice(offset, offset + DOCUMENTS_PAGE_SIZE);
  } else {
    ({ rows, total } = await repo.listDocuments(db, viewer, input, { limit: DOCUMENTS_PAGE_SIZE, offset }));
  }
  return { rows, total, totalPages: Math.ceil(total / DOCUMENTS_PAGE_SIZE), types, facets };
}

/** Every match (up to SEARCH_CAP), code matches first. */
async function rankedSearch(
  db: DbHandle['kysely'],
  viewer: Viewer | null,
  filters: ListFilters,
  query: NonNullable<ReturnType<typeof parseDocumentQuery>>,
): Promise<DocumentListRow[]> {
  const candidates = await repo.searchCandidates(db, viewer, { ...filters, patterns: query.patterns }, SEARCH_CAP);
  // Sorting is stable: among equal scores the newest (the candidates' order) comes first.
  return candidates
    .map((row) => ({ row, score: documentScore(query, { code: row.code, typeName: row.type_name }) }))
    .sort((a, b) => b.score - a.score)
    .map((r) => r.row);
}

/**
 * The search page's "Văn bản" block: the best `n` matches a guest may see, and how many there are.
 * As a guest sees them because the search page is cached by its URL for everyone.
 */
export async function topDocuments(
  site: Site,
  q: string,
  n: number,
): Promise<{ items: DocumentSummary[]; total: number }> {
  const query = parseDocumentQuery(q);
  if (!query) return { items: [], total: 0 };
  const ranked = await rankedSearch(site.db.kysely, null, {}, query);
  return { items: ranked.slice(0, n).map(summaryOf), total: ranked.length };
}

/** By slug, or by id (then the page redirects to the slug). Null when missing or not visible to this viewer. */
export async function findPublicDocument(site: Site, actor: Actor | null | undefined, ref: string) {
  const db = site.db.kysely;
  const doc = /^\d{1,9}$/.test(ref) ? await repo.findDocument(db, Number(ref)) : await repo.findDocumentBySlug(db, ref);
  if (!doc || !isVisible(doc, viewerOf(actor))) return null;
  return doc;
}

export async function documentPageData(site: Site, actor: Actor | null | undefined, doc: DocumentRow) {
  const db = site.db.kysely;
  const viewer = viewerOf(actor);
  const [files, related, replacedBy, citing, tree] = await Promise.all([
    repo.listFiles(db, doc.id),
    repo.listRelated(db, doc.id, viewer),
    doc.replaced_by_id ? repo.findDocument(db, doc.replaced_by_id) : undefined,
    repo.citingArticles(db, doc.code_key, site.now().toISOString(), 50),
    site.categories(),
  ]);
  return {
    files,
    related,
    replacedBy: replacedBy && isVisible(replacedBy, viewer) ? replacedBy : undefined,
    citing: citing.map((a) => ({
      title: a.title,
      published_at: a.published_at!,
      url: articleUrl(tree.get(a.category_id)?.slug ?? 'bai-viet', a.slug, a.id),
    })),
  };
}

export async function findPublicFile(site: Site, actor: Actor | null | undefined, ref: string, fileId: number) {
  const doc = await findPublicDocument(site, actor, ref);
  const file = doc && (await repo.findFile(site.db.kysely, doc.id, fileId));
  return doc && file ? { doc, file } : null;
}

/** Counts for one app: added in batches, flushed on close (see counts.ts). */
export function createCounts(site: Site, onError: (err: unknown) => void): DocumentCounts {
  const db = site.db.kysely;
  return new DocumentCounts(
    {
      addCounts: (id, v, dl) => repo.addCounts(db, id, v, dl),
      addFileDownloads: (id, n) => repo.addFileDownloads(db, id, n),
    },
    onError,
  );
}

/** A sitemap file holds at most 50,000 addresses; a library that large would need slices like the articles'. */
const SITEMAP_LIMIT = 50_000;

/** The library's pages a guest may read, for the sitemap: the lists, then each document with its last change. */
export async function documentSitemapEntries(site: Site): Promise<{ path: string; lastmod?: string }[]> {
  const rows = await repo.listForSitemap(site.db.kysely, SITEMAP_LIMIT - 2);
  return [
    { path: '/van-ban' },
    { path: CONSULTATIONS_PATH },
    ...rows.map((d) => ({ path: documentUrl(d), lastmod: String(d.updated_at).slice(0, 10) })),
  ];
}

export interface DocumentSummary {
  id: number;
  code: string;
  typeName: string;
  summary: string;
  issuedOn: string;
  url: string;
  /** A consultation's closing day (yyyy-mm-dd); null elsewhere. */
  closesOn: string | null;
}

const summaryOf = (r: DocumentListRow): DocumentSummary => ({
  id: r.id,
  code: r.code,
  typeName: r.type_name,
  summary: r.summary,
  issuedOn: r.issued_on,
  url: documentUrl(r),
  closesOn: null,
});

/**
 * The home page's "Văn bản mới": the newest published documents everyone may
 * see, read once per content version (a document's change bumps it) rather
 * than on every render of the home page.
 */
export function latestDocuments(ctx: { site: Site }, n: number): Promise<DocumentSummary[]> {
  const { site } = ctx;
  let entry = latest.get(site);
  if (entry?.version !== site.version || entry.n !== n) {
    const list = repo
      .listDocuments(site.db.kysely, null, {}, { limit: n, offset: 0 })
      .then(({ rows }) => rows.map(summaryOf));
    entry = { version: site.version, n, list };
    latest.set(site, entry);
    list.catch(() => latest.delete(site));
  }
  return entry.list;
}
const latest = new WeakMap<Site, { version: number; n: number; list: Promise<DocumentSummary[]> }>();

// ---- references from articles ----

/**
 * The articles that cite a document everyone may read, read once per content
 * version (publishing, editing and documents' changes all bump it). Most
 * articles cite none, and asking for each view was a round trip of its own
 * on PostgreSQL.
 */
const citing = new WeakMap<Site, { version: number; ids: Promise<Set<number>> }>();
function citingArticles(site: Site): Promise<Set<number>> {
  let entry = citing.get(site);
  if (entry?.version !== site.version) {
    const ids = repo.citingArticleIds(site.db.kysely).then((rows) => new Set(rows));
    entry = { version: site.version, ids };
    citing.set(site, entry);
    ids.catch(() => citing.delete(site));
  }
  return entry.ids;
}

/** Inside an article's save: the codes its text cites, kept so a document added later finds it. */
export function recordCitations(
  trx: Transaction<Database>,
  article: { id: number; title: string; sapo: string; body_html: string },
): Promise<void> {
  return recordCitationsOf(trx, [article], new Set());
}

/** The same for many articles in two statements; `fresh` names new articles, which cite nothing yet. */
export async function recordCitationsOf(
  trx: Transaction<Database>,
  articles: readonly { id: number; title: string; sapo: string; body_html: string; text?: string }[],
  fresh: ReadonlySet<number>,
): Promise<void> {
  await repo.replaceReferencesOf(
    trx,
    articles.map((article) => {
      const text = `${article.title}\n${article.sapo}\n${article.text ?? htmlToText(article.body_html)}`;
      const seen = new Map<string, string>();
      for (const r of findDocumentReferences(text.normalize('NFC'))) if (!seen.has(r.key)) seen.set(r.key, r.text);
      return {
        articleId: article.id,
        refs: [...seen].map(([key, text]) => ({ key, text })),
        replace: !fresh.has(article.id),
      };
    }),
  );
}

/**
 * What turns an article's references into links when it is shown: null when
 * it cites nothing the library holds (most articles: no query, see citingArticles).
 */
export async function documentLinker(site: Site, articleId: number): Promise<((html: string) => string) | null> {
  if (!(await citingArticles(site)).has(articleId)) return null;
  const codes = await repo.linkedCodes(site.db.kysely, articleId);
  if (!codes.length) return null;
  const links = new Map(codes.map((c) => [c.code_key, documentUrl(c)]));
  return (html) => linkReferences(html, links);
}
