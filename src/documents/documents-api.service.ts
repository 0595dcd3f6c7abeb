import { createHash } from 'node:crypto';
import { apiMessages } from '../messages/api.en.js';
import type { Site } from '../site/site.js';
import { ApiParameterError, type Validator } from '../web/api.js';
import type { DocumentListQuery } from './documents-api.schema.js';
import * as repo from './documents.repo.js';
import type { DocumentListRow } from './documents.repo.js';
import {
  documentPageData,
  documentUrl,
  fileUrl,
  findPublicDocument,
  listPublicDocuments,
} from './documents.service.js';

// The API answers as a guest sees the library: documents restricted to some roles are never in it.
const GUEST = null;

const etagOf = (...parts: (string | number | null)[]) =>
  `W/"documents-${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 27)}"`;

/** The query as the library's list takes it; an unknown type name is the client's error (400, from `version`). */
async function listInput(site: Site, q: DocumentListQuery) {
  let typeId: number | undefined;
  if (q.type !== undefined) {
    const wanted = q.type.normalize('NFC').trim().toLowerCase();
    typeId = (await repo.listTypes(site.db.kysely)).find((t) => t.name.toLowerCase() === wanted)?.id;
    if (typeId === undefined) throw new ApiParameterError('type', apiMessages.expected.unknownDocumentType);
  }
  return {
    q: q.q?.normalize('NFC').trim() || undefined,
    typeId,
    issuer: q.issuer?.normalize('NFC'),
    field: q.field?.normalize('NFC'),
    year: q.year,
    status: q.status,
    page: q.page ?? 1,
  };
}

export async function documentListVersion(site: Site, q: DocumentListQuery): Promise<Validator> {
  const [input, v] = await Promise.all([listInput(site, q), repo.documentsVersion(site.db.kysely)]);
  return { etag: etagOf(JSON.stringify(input), v.updated, v.count, v.types), lastModified: v.updated };
}

export async function documentList(site: Site, q: DocumentListQuery) {
  const input = await listInput(site, q);
  const page = input.page;
  const out = await listPublicDocuments(site, GUEST, input);
  const origin = site.origin.value;
  return {
    items: out.rows.map((r) => summaryOf(origin, r)),
    page,
    totalPages: out.totalPages,
    total: out.total,
  };
}

// A day left empty in the form is stored as '' (the input schema's default skips its transform): null here.
const summaryOf = (origin: string, r: DocumentListRow) => ({
  id: r.id,
  code: r.code,
  type: r.type_name,
  issuer: r.issuer,
  summary: r.summary,
  status: r.status,
  issuedOn: r.issued_on,
  effectiveOn: r.effective_on,
  url: origin + documentUrl(r),
});

export async function documentVersion(site: Site, id: number): Promise<Validator | null> {
  const doc = await findPublicDocument(site, GUEST, String(id));
  if (!doc) return null;
  // A replacing document's code shows in the answer: its change counts too (the list's version covers it cheaply).
  const v = await repo.documentsVersion(site.db.kysely);
  return { etag: etagOf(id, doc.updated_at, v.updated, v.count), lastModified: v.updated };
}

export async function documentDetail(site: Site, id: number) {
  const doc = await findPublicDocument(site, GUEST, String(id));
  if (!doc) return null;
  const data = await documentPageData(site, GUEST, doc);
  const origin = site.origin.value;
  return {
    ...summaryOf(origin, doc),
    signer: doc.signer,
    signerPosition: doc.signer_position,
    expiresOn: doc.expires_on,
    field: doc.field,
    fullText: doc.full_text,
    replacedBy: data.replacedBy
      ? { id: data.replacedBy.id, code: data.replacedBy.code, url: origin + documentUrl(data.replacedBy) }
      : null,
    files: data.files.map((f) => ({
      name: f.original_name,
      mime: f.mime,
      bytes: f.bytes,
      url: origin + fileUrl(doc, f),
    })),
    updatedAt: new Date(doc.updated_at).toISOString(),
  };
}
