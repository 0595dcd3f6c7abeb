import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { badRequest, idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import type { IncomingFile } from './document-files.js';
import {
  addDocumentType,
  createDocument,
  documentDeps,
  getDocumentForStaff,
  listDocumentsForStaff,
  listDocumentTypes,
  staffEditData,
  updateDocument,
} from './documents.service.js';
import { documentAdminList, documentForm, valuesOf, type DocumentFormValues } from './document-admin.views.js';
import { findConsultation, saveConsultationReport, setConsultation } from './consultation.service.js';
import { consultationAdmin } from './consultation.views.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { html } from '../web/html.js';

/** What the consultation part of the edit page shows back: a refused form as typed, and why. */
interface ConsultationState {
  values?: Record<string, string>;
  error?: string;
}

const d = messages.documents;
const ca = messages.consultations.admin;
const SECTION = '/quan-tri/van-ban';
type Body = Record<string, string | string[] | IncomingFile[] | undefined>;
type FormRoute = { Body: Body; Params: { id?: string } };

const str = (v: Body[string]) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');
const strings = (v: Body[string]) =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const filesOf = (v: Body[string]) =>
  Array.isArray(v) ? v.filter((x): x is IncomingFile => typeof x === 'object' && x.data.length > 0) : [];

/** Form fields to the service's input. */
function inputOf(b: Body) {
  return {
    code: str(b.code),
    typeId: Number(str(b.typeId)) || 0,
    issuer: str(b.issuer),
    signer: str(b.signer),
    signerPosition: str(b.signerPosition),
    issuedOn: str(b.issuedOn),
    effectiveOn: str(b.effectiveOn),
    expiresOn: str(b.expiresOn),
    replacedBy: str(b.replacedBy),
    summary: str(b.summary),
    field: str(b.field),
    status: str(b.status),
    fullText: str(b.fullText),
    related: str(b.related),
    visibleRoles: strings(b.visibleRoles),
  };
}

/**
 * The back office's library (/quan-tri/van-ban). The form is multipart, for
 * its files; every field arrives as a string (the CSRF check reads _csrf as
 * from any form), repeated fields and the files as arrays.
 */
export async function documentAdminRoutes(app: FastifyInstance, { site }: WebContext) {
  const deps = documentDeps(site);
  const maxBytes = site.config.media.maxBytes;
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes + 1, files: 10, fields: 40, fieldSize: 600_000, parts: 50 },
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, string | (string | IncomingFile)[]> = {};
    const add = (name: string, value: string | IncomingFile) => {
      const had = body[name];
      if (had === undefined) body[name] = typeof value === 'string' && name !== 'file' ? value : [value];
      else body[name] = ([] as (string | IncomingFile)[]).concat(had, value);
    };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') add(part.fieldname, { filename: part.filename, data: await part.toBuffer() });
        else add(part.fieldname, typeof part.value === 'string' ? part.value : '');
      }
    } catch {
      throw badRequest(messages.media.badForm);
    }
    request.body = body;
  });

  async function list(
    request: FastifyRequest<FormRoute>,
    reply: FastifyReply,
    message?: { error?: string },
    status = 200,
  ) {
    const [rows, types] = await Promise.all([listDocumentsForStaff(deps, request.actor, 1), listDocumentTypes(deps)]);
    const body = documentAdminList({ rows, types, actor: request.actor!, csrf: csrfField(request, reply), message });
    return sendStaffPage(site, request, reply, d.adminTitle, body, { status, section: SECTION });
  }

  async function form(
    request: FastifyRequest<FormRoute>,
    reply: FastifyReply,
    id: number | null,
    values: DocumentFormValues | null,
    message: { error?: string } = {},
    status = 200,
    consultationState: ConsultationState = {},
  ) {
    const doc = id === null ? null : await getDocumentForStaff(deps, request.actor, id);
    const consultation = doc ? await findConsultation(deps, doc.id) : undefined;
    const extra = doc ? await staffEditData(deps, doc.id) : { files: [], relatedCodes: [], replacedByCode: '' };
    const types = await listDocumentTypes(deps);
    const csrf = csrfField(request, reply);
    // A draft can be opened for góp ý by those who may publish it; one that was keeps its part for the report.
    const consulting =
      doc && hasRoleAtLeast(request.actor, 'editor') && (doc.status === 'du_thao' || consultation)
        ? consultationAdmin({ documentId: doc.id, consultation, csrf, ...consultationState })
        : '';
    const form = documentForm({
      action: doc ? `${SECTION}/${doc.id}` : SECTION,
      doc,
      values: values ?? (doc ? valuesOf(doc, extra) : { status: 'con_hieu_luc' }),
      files: extra.files,
      types,
      actor: request.actor!,
      csrf,
      // Without the consultation part (not a draft), its refusal shows at the top.
      error: message.error ?? (consulting ? undefined : consultationState.error),
    });
    const body = html`${form}${consulting}`;
    return sendStaffPage(site, request, reply, doc ? d.editDocument : d.newDocument, body, {
      status,
      section: SECTION,
    });
  }

  const formValues = (b: Body): DocumentFormValues => {
    const out: DocumentFormValues = {};
    for (const [k, v] of Object.entries(b))
      if (k !== 'file' && k !== '_csrf') out[k] = typeof v === 'string' ? v : strings(v);
    return out;
  };

  // What an action did is said once, by the staff page's flash after its redirect: the address stays clean.
  app.get<FormRoute>(SECTION, staffOnly, (req, reply) => list(req, reply));
  app.get<FormRoute>(`${SECTION}/moi`, staffOnly, (req, reply) => form(req, reply, null, null));
  app.get<FormRoute>(`${SECTION}/:id`, staffOnly, (req, reply) =>
    form(req, reply, idFromPath(req.params.id!, d.notFound), null),
  );
  // Only what the refused form sent: the other form on the page shows what is stored.
  const consultationValues = (b: Body): Record<string, string> =>
    Object.fromEntries(
      ['opensOn', 'closesOn', 'report', 'publish'].filter((k) => b[k] !== undefined).map((k) => [k, str(b[k])]),
    );
  app.post<FormRoute>(`${SECTION}/:id/lay-y-kien`, staffOnly, (req, reply) => {
    const id = idFromPath(req.params.id!, d.notFound);
    return withFormErrors(
      reply,
      async () => {
        const b = req.body ?? {};
        await setConsultation(deps, req.actor, id, { opensOn: str(b.opensOn), closesOn: str(b.closesOn) });
        // To the top of the page, where the notice is: the consultation part is at the foot of a long form.
        return redirectWithFlash(reply, `${SECTION}/${id}`, { text: ca.saved });
      },
      (error, status) => form(req, reply, id, null, {}, status, { error, values: consultationValues(req.body ?? {}) }),
    );
  });
  app.post<FormRoute>(`${SECTION}/:id/bao-cao-tiep-thu`, staffOnly, (req, reply) => {
    const id = idFromPath(req.params.id!, d.notFound);
    return withFormErrors(
      reply,
      async () => {
        const b = req.body ?? {};
        await saveConsultationReport(deps, req.actor, id, {
          report: str(b.report),
          publish: str(b.publish) === '1',
          file: filesOf(b.file)[0] ?? null,
        });
        return redirectWithFlash(reply, `${SECTION}/${id}`, { text: ca.reportSaved });
      },
      (error, status) => form(req, reply, id, null, {}, status, { error, values: consultationValues(req.body ?? {}) }),
    );
  });
  app.post<FormRoute>(SECTION, staffOnly, (req, reply) =>
    withFormErrors(
      reply,
      async () => {
        const b = req.body ?? {};
        const saved = await createDocument(deps, req.actor, inputOf(b), {
          publish: str(b.intent) === 'publish',
          files: filesOf(b.file),
        });
        return redirectWithFlash(reply, `${SECTION}/${saved.id}`, { text: d.saved });
      },
      (error, status) => form(req, reply, null, formValues(req.body ?? {}), { error }, status),
    ),
  );
  app.post<FormRoute>(`${SECTION}/:id`, staffOnly, (req, reply) => {
    const id = idFromPath(req.params.id!, d.notFound);
    return withFormErrors(
      reply,
      async () => {
        const b = req.body ?? {};
        const intent = str(b.intent);
        await updateDocument(deps, req.actor, id, inputOf(b), {
          state: intent === 'publish' ? 'published' : intent === 'unpublish' ? 'draft' : undefined,
          files: filesOf(b.file),
          removeFileIds: strings(b.removeFile)
            .map(Number)
            .filter((n) => Number.isSafeInteger(n) && n > 0),
        });
        return redirectWithFlash(reply, `${SECTION}/${id}`, { text: d.saved });
      },
      (error, status) => form(req, reply, id, formValues(req.body ?? {}), { error }, status),
    );
  });
  app.post<FormRoute>(`${SECTION}/loai`, staffOnly, (req, reply) =>
    withFormErrors(
      reply,
      async () => (
        await addDocumentType(deps, req.actor, str(req.body?.name)),
        redirectWithFlash(reply, SECTION, { text: d.typeAdded })
      ),
      (error, status) => list(req, reply, { error }, status),
    ),
  );
}
