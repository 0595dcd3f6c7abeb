import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  type Transaction,
} from 'kysely';
import { inList } from '../db/in-list.js';
import type { Database } from '../db/schema.js';
import type { Viewer } from './access.js';
import type { DocumentFilesTable, DocumentsTable, DocumentStatus } from './documents.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type DocumentRow = Omit<DocumentsTable, 'id' | 'search_text' | 'views' | 'downloads'> & {
  id: number;
  views: number;
  downloads: number;
  type_name: string;
};

export type DocumentFileRow = Omit<Selectable<DocumentFilesTable>, 'position' | 'created_at'>;

export type DocumentListRow = Pick<
  DocumentRow,
  'id' | 'slug' | 'code' | 'type_name' | 'issuer' | 'issued_on' | 'effective_on' | 'summary' | 'status' | 'state'
>;

export type { Viewer };

const listColumns = [
  'documents.id',
  'documents.slug',
  'documents.code',
  'document_types.name as type_name',
  'documents.issuer',
  'documents.issued_on',
  'documents.effective_on',
  'documents.summary',
  'documents.status',
  'documents.state',
] as const;

/** Published and visible to the viewer's role (a document restricted to some roles is hidden from guests). */
export function visibleTo(viewer: Viewer | null) {
  return (eb: ExpressionBuilder<Database, 'documents'>): Expression<SqlBool> => {
    const published = eb('documents.state', '=', 'published');
    if (viewer && (viewer.role === 'editor' || viewer.role === 'admin')) return published;
    const open = eb('documents.visible_roles', '=', '');
    return eb.and([
      published,
      viewer ? eb.or([open, eb('documents.visible_roles', 'like', `%,${viewer.role},%`)]) : open,
    ]);
  };
}

export interface ListFilters {
  typeId?: number;
  issuer?: string;
  field?: string;
  year?: number;
  status?: DocumentStatus;
  /** LIKE patterns over search_text (src/search/document-search.ts), all required. */
  patterns?: readonly string[];
}

function filtered(db: Db, viewer: Viewer | null, f: ListFilters) {
  let q = db
    .selectFrom('documents')
    .innerJoin('document_types', 'document_types.id', 'documents.type_id')
    .where(visibleTo(viewer));
  if (f.typeId !== undefined) q = q.where('documents.type_id', '=', f.typeId);
  if (f.issuer !== undefined) q = q.where('documents.issuer', '=', f.issuer);
  if (f.field !== undefined) q = q.where('documents.field', '=', f.field);
  if (f.status !== undefined) q = q.where('documents.status', '=', f.status);
  if (f.year !== undefined)
    q = q.where('documents.issued_on', '>=', `${f.year}-01-01`).where('documents.issued_on', '<=', `${f.year}-12-31`);
  for (const p of f.patterns ?? []) q = q.where('documents.search_text', 'like', p);
  return q;
}

export async function listDocuments(
  db: Db,
  viewer: Viewer | null,
  f: ListFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: DocumentListRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, viewer, f)
      .select(listColumns)
      .orderBy('documents.issued_on', 'desc')
      .orderBy('documents.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(db, viewer, f)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** What a guest may read, oldest first, for the sitemap: its address and when it last changed. */
export function listForSitemap(db: Db, limit: number): Promise<{ slug: string; updated_at: string }[]> {
  return db
    .selectFrom('documents')
    .select(['documents.slug', 'documents.updated_at'])
    .where(visibleTo(null))
    .orderBy('documents.id')
    .limit(limit)
    .execute();
}

/** Search candidates, newest first, up to `cap`: ranking happens in the service. */
export function searchCandidates(
  db: Db,
  viewer: Viewer | null,
  f: ListFilters,
  cap: number,
): Promise<DocumentListRow[]> {
  return filtered(db, viewer, f)
    .select(listColumns)
    .orderBy('documents.issued_on', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(cap)
    .execute();
}

/** The distinct issuers, fields and years of what the viewer can see: the filters' choices. */
export async function facets(db: Db, viewer: Viewer | null) {
  const base = () => filtered(db, viewer, {});
  const [issuers, fields, years] = await Promise.all([
    base().select('documents.issuer as v').distinct().orderBy('v').execute(),
    base().select('documents.field as v').distinct().where('documents.field', '<>', '').orderBy('v').execute(),
    base()
      .select(sql<string>`substr(documents.issued_on, 1, 4)`.as('v'))
      .distinct()
      .orderBy('v', 'desc')
      .execute(),
  ]);
  return { issuers: issuers.map((r) => r.v), fields: fields.map((r) => r.v), years: years.map((r) => Number(r.v)) };
}

const fullColumns = [
  'documents.id',
  'documents.slug',
  'documents.code',
  'documents.code_key',
  'documents.type_id',
  'document_types.name as type_name',
  'documents.issuer',
  'documents.signer',
  'documents.signer_position',
  'documents.issued_on',
  'documents.effective_on',
  'documents.expires_on',
  'documents.replaced_by_id',
  'documents.summary',
  'documents.field',
  'documents.status',
  'documents.full_text',
  'documents.visible_roles',
  'documents.state',
  'documents.views',
  'documents.downloads',
  'documents.created_by',
  'documents.created_at',
  'documents.updated_at',
] as const;

function full(db: Db) {
  return db
    .selectFrom('documents')
    .innerJoin('document_types', 'document_types.id', 'documents.type_id')
    .select(fullColumns);
}

export function findDocument(db: Db, id: number): Promise<DocumentRow | undefined> {
  return full(db).where('documents.id', '=', id).executeTakeFirst();
}

export function findDocumentBySlug(db: Db, slug: string): Promise<DocumentRow | undefined> {
  return full(db).where('documents.slug', '=', slug).executeTakeFirst();
}

export function findDocumentByKey(db: Db, key: string): Promise<DocumentRow | undefined> {
  return full(db).where('documents.code_key', '=', key).executeTakeFirst();
}

/** The documents holding any of `keys`, by key. */
export async function findDocumentsByKeys(db: Db, keys: readonly string[]): Promise<Map<string, DocumentRow>> {
  if (!keys.length) return new Map();
  const rows = await full(db).where('documents.code_key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.code_key, r]));
}

/** Which of `slugs` are taken, and by which documents. */
export async function slugHolders(db: Db, slugs: readonly string[]): Promise<Map<string, number[]>> {
  const holders = new Map<string, number[]>();
  if (!slugs.length) return holders;
  for (const r of await db
    .selectFrom('documents')
    .select(['id', 'slug'])
    .where(inList(db, 'slug', slugs))
    .execute())
    holders.set(r.slug, [...(holders.get(r.slug) ?? []), r.id]);
  return holders;
}

export async function slugTaken(db: Db, slug: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('documents').select('id').where('slug', '=', slug);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export type DocumentWrite = Omit<
  DocumentsTable,
  'id' | 'views' | 'downloads' | 'created_at' | 'updated_at' | 'created_by'
>;

export async function insertDocument(
  db: Db,
  row: DocumentWrite,
  createdBy: number | null,
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto('documents')
    .values({ ...row, created_by: createdBy, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The columns an import writes again when the code is there already: all but who created it and when. */
const REWRITTEN = [
  'slug',
  'code',
  'type_id',
  'issuer',
  'signer',
  'signer_position',
  'issued_on',
  'effective_on',
  'expires_on',
  'replaced_by_id',
  'summary',
  'field',
  'status',
  'full_text',
  'visible_roles',
  'state',
  'search_text',
  'updated_at',
] as const satisfies readonly (keyof DocumentsTable)[];

/**
 * Many documents in one statement, each created, or written over the one that holds its code
 * (there may be one code once only). Returns each one's id by its code key.
 */
export async function upsertDocuments(
  db: Db,
  rows: readonly DocumentWrite[],
  now: string,
): Promise<Map<string, number>> {
  if (!rows.length) return new Map();
  const written = await db
    .insertInto('documents')
    .values(rows.map((row) => ({ ...row, created_by: null, created_at: now, updated_at: now })))
    .onConflict((oc) =>
      oc
        .column('code_key')
        .doUpdateSet((eb) => Object.fromEntries(REWRITTEN.map((c) => [c, eb.ref(`excluded.${c}`)])) as never),
    )
    .returning(['id', 'code_key'])
    .execute();
  return new Map(written.map((r) => [r.code_key, r.id]));
}

export async function updateDocument(db: Db, id: number, row: Partial<DocumentWrite>, now: string): Promise<void> {
  await db
    .updateTable('documents')
    .set({ ...row, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setRelations(db: Db, id: number, relatedIds: readonly number[]): Promise<void> {
  await db.deleteFrom('document_relations').where('document_id', '=', id).execute();
  if (relatedIds.length)
    await db
      .insertInto('document_relations')
      .values(relatedIds.map((related_id) => ({ document_id: id, related_id })))
      .execute();
}

/** Related both ways: a document lists those it names and those that name it. */
export function listRelated(db: Db, id: number, viewer: Viewer | null): Promise<DocumentListRow[]> {
  return filtered(db, viewer, {})
    .select(listColumns)
    .where((eb) =>
      eb.or([
        eb(
          'documents.id',
          'in',
          eb.selectFrom('document_relations').select('related_id').where('document_id', '=', id),
        ),
        eb(
          'documents.id',
          'in',
          eb.selectFrom('document_relations').select('document_id').where('related_id', '=', id),
        ),
      ]),
    )
    .orderBy('documents.issued_on', 'desc')
    .execute();
}

export function relatedCodes(db: Db, id: number): Promise<{ code: string }[]> {
  return db
    .selectFrom('document_relations')
    .innerJoin('documents', 'documents.id', 'document_relations.related_id')
    .select('documents.code')
    .where('document_relations.document_id', '=', id)
    .execute();
}

export function listFiles(db: Db, documentId: number): Promise<DocumentFileRow[]> {
  return db
    .selectFrom('document_files')
    .select(['id', 'document_id', 'storage_key', 'original_name', 'mime', 'ext', 'bytes', 'downloads'])
    .where('document_id', '=', documentId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertFile(db: Db, f: Omit<DocumentFileRow, 'id' | 'downloads'>, now: string): Promise<number> {
  const last = await db
    .selectFrom('document_files')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('document_id', '=', f.document_id)
    .executeTakeFirst();
  const row = await db
    .insertInto('document_files')
    .values({ ...f, position: Number(last?.p ?? 0) + 1, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The files of many documents, each with its place: what an import adds to them goes after. */
export function filesOf(
  db: Db,
  documentIds: readonly number[],
): Promise<{ document_id: number; storage_key: string; position: number }[]> {
  if (!documentIds.length) return Promise.resolve([]);
  return db
    .selectFrom('document_files')
    .select(['document_id', 'storage_key', 'position'])
    .where('document_id', 'in', documentIds)
    .execute();
}

export async function insertFiles(
  db: Db,
  files: readonly (Omit<DocumentFileRow, 'id' | 'downloads'> & { position: number })[],
  now: string,
): Promise<void> {
  if (files.length)
    await db
      .insertInto('document_files')
      .values(files.map((f) => ({ ...f, created_at: now })))
      .execute();
}

export async function deleteFiles(db: Db, documentId: number, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length)
    await db.deleteFrom('document_files').where('document_id', '=', documentId).where('id', 'in', fileIds).execute();
}

export function findFile(db: Db, documentId: number, fileId: number): Promise<DocumentFileRow | undefined> {
  return db
    .selectFrom('document_files')
    .select(['id', 'document_id', 'storage_key', 'original_name', 'mime', 'ext', 'bytes', 'downloads'])
    .where('document_id', '=', documentId)
    .where('id', '=', fileId)
    .executeTakeFirst();
}

/** Counts gathered in memory, added in one statement each (src/documents/counts.ts). */
export async function addCounts(db: Db, documentId: number, views: number, downloads: number): Promise<void> {
  await db
    .updateTable('documents')
    .set((eb) => ({ views: eb('views', '+', views), downloads: eb('downloads', '+', downloads) }))
    .where('id', '=', documentId)
    .execute();
}

export async function addFileDownloads(db: Db, fileId: number, n: number): Promise<void> {
  await db
    .updateTable('document_files')
    .set((eb) => ({ downloads: eb('downloads', '+', n) }))
    .where('id', '=', fileId)
    .execute();
}

/** The types a new library starts with; the admin adds more. */
const DEFAULT_TYPES = [
  'Nghị quyết',
  'Nghị định',
  'Thông tư',
  'Quyết định',
  'Chỉ thị',
  'Công văn',
  'Kế hoạch',
  'Báo cáo',
  'Hướng dẫn',
  'Thông báo',
  'Luật',
  'Quy chế',
];

export function listTypes(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('document_types').select(['id', 'name']).orderBy('position').orderBy('id').execute();
}

/**
 * The types, seeded with the defaults when there are none. Seeded at server
 * start or by an import rather than by the migration, so a new database stays
 * empty (restore loads only into an empty one); no page ever writes them.
 */
export async function typesForWriting(db: Db): Promise<{ id: number; name: string }[]> {
  const types = await listTypes(db);
  if (types.length) return types;
  await db
    .insertInto('document_types')
    .values(DEFAULT_TYPES.map((name, i) => ({ name, position: i + 1 })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return listTypes(db);
}

export async function insertType(db: Db, name: string): Promise<number> {
  const last = await db
    .selectFrom('document_types')
    .select((eb) => eb.fn.max('position').as('p'))
    .executeTakeFirst();
  const { id } = await db
    .insertInto('document_types')
    .values({ name, position: Number(last?.p ?? 0) + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The staff list: every document, drafts included, newest change first. */
export function listForStaff(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('documents')
    .innerJoin('document_types', 'document_types.id', 'documents.type_id')
    .select([...listColumns, 'documents.created_by', 'documents.updated_at'])
    .orderBy('documents.updated_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

// ---- references from articles (src/vi/document-references.ts finds them) ----

export function replaceReferences(db: Db, articleId: number, refs: readonly { key: string; text: string }[]) {
  return replaceReferencesOf(db, [{ articleId, refs, replace: true }]);
}

/** The references of many articles in two statements; `replace` drops an article's old ones first (a new article has none). */
export async function replaceReferencesOf(
  db: Db,
  entries: readonly { articleId: number; refs: readonly { key: string; text: string }[]; replace: boolean }[],
): Promise<void> {
  const replaced = entries.filter((e) => e.replace).map((e) => e.articleId);
  if (replaced.length) await db.deleteFrom('document_references').where('article_id', 'in', replaced).execute();
  const rows = entries.flatMap((e) =>
    e.refs.map((r) => ({ article_id: e.articleId, code_key: r.key, as_written: r.text.slice(0, 300) })),
  );
  if (rows.length) await db.insertInto('document_references').values(rows).execute();
}

/** The codes of an article that the library holds, published for everyone: the ones its text links. */
export function linkedCodes(db: Db, articleId: number): Promise<{ code_key: string; slug: string }[]> {
  return db
    .selectFrom('document_references')
    .innerJoin('documents', 'documents.code_key', 'document_references.code_key')
    .select(['document_references.code_key', 'documents.slug'])
    .where('document_references.article_id', '=', articleId)
    .where('documents.state', '=', 'published')
    .where('documents.visible_roles', '=', '')
    .execute();
}

/** Every article that cites a published document everyone may read. */
export async function citingArticleIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('document_references')
    .innerJoin('documents', 'documents.code_key', 'document_references.code_key')
    .select('document_references.article_id')
    .distinct()
    .where('documents.state', '=', 'published')
    .where('documents.visible_roles', '=', '')
    .execute();
  return rows.map((r) => r.article_id);
}

/** Published articles that cite a code, newest first. */
export function citingArticles(db: Db, codeKey: string, now: string, limit: number) {
  return db
    .selectFrom('document_references')
    .innerJoin('articles', 'articles.id', 'document_references.article_id')
    .select(['articles.id', 'articles.title', 'articles.slug', 'articles.category_id', 'articles.published_at'])
    .where('document_references.code_key', '=', codeKey)
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .orderBy('articles.published_at', 'desc')
    .limit(limit)
    .execute();
}

/** What every public answer about documents depends on, from one aggregate read: the API's ETag. */
export async function documentsVersion(db: Db): Promise<{ updated: string | null; count: number; types: number }> {
  const [docs, types] = await Promise.all([
    db
      .selectFrom('documents')
      .select((eb) => [eb.fn.max('updated_at').as('updated'), eb.fn.countAll<number | string>().as('n')])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('document_types')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { updated: docs.updated ? String(docs.updated) : null, count: Number(docs.n), types: Number(types.n) };
}
