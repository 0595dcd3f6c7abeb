import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebContext } from '../app-context.js';
import { idFromPath, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendPublicPage } from '../web/pages.js';
import { sameOriginFramingHeaders } from '../web/security-headers.js';
import { documentApiRoutes } from './documents-api.routes.js';
import {
  createCounts,
  documentPageData,
  documentUrl,
  fileUrl,
  findPublicDocument,
  findPublicFile,
  listPublicDocuments,
  documentDeps,
} from './documents.service.js';
import { documentListPage, documentPage, listHref, STATUS_PARAM, type ListFilterValues } from './documents.views.js';
import { commentDeps, commentsForDocument, ownCommentsOn } from '../comments/comments.service.js';
import { commentsSection } from '../comments/comments.views.js';
import { commentOwnerOf } from '../comments/owner-cookies.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { takeFlash } from '../web/flash.js';
import { closedNotice } from './consultation.js';
import {
  consultationOf,
  filesBesideReport,
  isUnpublishedReportFile,
  listPublicConsultations,
} from './consultation.service.js';
import { consultationListPage, consultationSection, CONSULTATIONS_PATH, ENDED_PATH } from './consultation.views.js';
import type { DocumentFileRow, DocumentRow } from './documents.service.js';

const d = messages.documents;
// Query strings may repeat a key; the first value wins. An empty select sends "": no filter.
const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    const f = first(v);
    return f === '' ? undefined : f;
  }, schema.optional());
const number = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

const listQuery = z.object({
  q: optional(z.string()),
  loai: optional(number(1_000_000)),
  'co-quan': optional(z.string().max(300)),
  'linh-vuc': optional(z.string().max(200)),
  nam: optional(
    z
      .string()
      .regex(/^\d{4}$/)
      .transform(Number),
  ),
  'tinh-trang': optional(z.enum(Object.keys(STATUS_PARAM) as [string, ...string[]])),
  trang: optional(number(10_000)),
});
const LIST_PARAMS = Object.keys(listQuery.shape);
const pageQuery = z.object({ trang: optional(number(10_000)) });
const commentPageQuery = z.object({ 'y-kien': optional(number(10_000)) });
const c = messages.consultations;
const consultationWords = {
  title: c.section,
  titleWithCount: c.sectionWithCount,
  none: c.noComments,
  formTitle: c.formTitle,
};

/** The public library: /van-ban (list, filters, search), one page per document, its files. */
export async function documentRoutes(app: FastifyInstance, ctx: WebContext) {
  const { site } = ctx;
  const files = documentDeps(site).files;
  const counts = createCounts(site, (err) => app.log.warn({ err }, 'could not add document counts; dropped'));
  app.addHook('onClose', () => counts.flush());
  documentApiRoutes(app, ctx);

  app.get('/van-ban', async (request, reply) => {
    const q = parseOr400(listQuery, request.query, d.badFilter);
    const filters: ListFilterValues = {
      q: (q.q ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 200),
      typeId: q.loai,
      issuer: q['co-quan']?.normalize('NFC'),
      field: q['linh-vuc']?.normalize('NFC'),
      year: q.nam,
      status: q['tinh-trang'] ? STATUS_PARAM[q['tinh-trang']] : undefined,
    };
    const page = q.trang ?? 1;
    return sendPublicPage(
      request,
      reply,
      ctx,
      listHref(filters, page),
      async () => {
        const out = await listPublicDocuments(site, request.actor, { ...filters, page });
        if (page > 1 && page > out.totalPages) throw notFound(messages.errors.notFound);
        return {
          meta: {
            title: page > 1 ? `${d.listTitle} - ${messages.pagination.page(page)}` : d.listTitle,
            canonicalPath: listHref(filters, page),
          },
          body: documentListPage({ ...out, filters, page, urlOf: documentUrl }),
        };
      },
      { params: LIST_PARAMS },
    );
  });

  // Open consultations, and those that have ended: static paths, so no document's slug can take them.
  for (const [path, which] of [
    [CONSULTATIONS_PATH, 'open'],
    [ENDED_PATH, 'ended'],
  ] as const) {
    app.get(path, async (request, reply) => {
      const page = parseOr400(pageQuery, request.query, d.badFilter).trang ?? 1;
      const key = page > 1 ? `${path}?trang=${page}` : path;
      return sendPublicPage(
        request,
        reply,
        ctx,
        key,
        async () => {
          const out = await listPublicConsultations(site, which, page);
          if (page > 1 && !out.rows.length) throw notFound(messages.errors.notFound);
          return {
            meta: { title: which === 'open' ? c.title : c.endedTitle, canonicalPath: key },
            body: consultationListPage({ which, ...out, page, urlOf: documentUrl }),
          };
        },
        { params: ['trang'] },
      );
    });
  }

  /** A draft's consultation on its page: days, report, góp ý and (while open) the form; undefined for others. */
  async function consultationPart(
    request: FastifyRequest,
    reply: FastifyReply,
    doc: DocumentRow,
    files: DocumentFileRow[],
    page: number,
  ) {
    const consulted = await consultationOf(site, doc, files);
    if (!consulted) return { files, consultation: undefined };
    const deps = commentDeps(site);
    const owner = commentOwnerOf(request);
    const [comments, own] = await Promise.all([
      commentsForDocument(deps, consulted.consultation, page),
      owner.actor || owner.guestTokens.size
        ? ownCommentsOn(deps, owner, { column: 'document_id', id: doc.id })
        : Promise.resolve([]),
    ]);
    const { phase } = consulted;
    const section = commentsSection({
      ...comments,
      target: { documentId: doc.id },
      pagePath: documentUrl(doc),
      total: consulted.consultation.comment_count,
      open: phase === 'open',
      closedText: phase === 'open' ? undefined : closedNotice(consulted.consultation, phase),
      words: consultationWords,
      viewer: request.actor,
      own,
      notice: takeFlash(request, reply),
    });
    return {
      files: filesBesideReport(files, consulted.consultation),
      consultation: consultationSection({
        ...consulted,
        fileHref: (f) => fileUrl(doc, f),
        comments: section,
      }),
    };
  }

  app.get<{ Params: { ref: string } }>('/van-ban/:ref', async (request, reply) => {
    const { ref } = request.params;
    const commentPage = request.url.includes('?')
      ? (parseOr400(commentPageQuery, request.query, messages.errors.invalidPage)['y-kien'] ?? 1)
      : 1;
    // Rendered for each view (it counts them); nothing here is stored in a shared cache.
    return sendPublicPage(
      request,
      reply,
      ctx,
      `/van-ban/${ref}`,
      async () => {
        const doc = await findPublicDocument(site, request.actor, ref);
        if (!doc) throw notFound(d.notFound);
        if (doc.slug !== ref) return { redirect: documentUrl(doc) };
        counts.view(doc.id);
        const data = await documentPageData(site, request.actor, doc);
        const shown = await consultationPart(request, reply, doc, data.files, commentPage);
        return {
          meta: { title: `${doc.type_name} ${doc.code}`, description: doc.summary, canonicalPath: documentUrl(doc) },
          body: documentPage({
            doc,
            ...data,
            ...shown,
            urlOf: documentUrl,
            fileHref: (f, inline) => fileUrl(doc, f, inline),
          }),
        };
      },
      { personal: true },
    );
  });

  // The file under its uploaded name; ?xem=1 shows a PDF inline, for the preview on the document's page.
  app.get<{ Params: { ref: string; file: string }; Querystring: { xem?: string } }>(
    '/van-ban/:ref/tep/:file',
    async (request, reply) => {
      const found = await findPublicFile(
        site,
        request.actor,
        request.params.ref,
        idFromPath(request.params.file, d.fileNotFound),
      );
      const hidden = found && (await isUnpublishedReportFile(site, found.doc.id, found.file.id));
      const data = found && !hidden && (await files.get(found.file.storage_key, found.file.ext));
      if (!found || !data) throw notFound(d.fileNotFound);
      const { doc, file } = found;
      const inline = request.query.xem === '1' && file.ext === 'pdf';
      if (inline) reply.headers(sameOriginFramingHeaders);
      else counts.download(doc.id, file.id);
      const ascii =
        file.original_name
          .normalize('NFD')
          .replace(/[^\x20-\x7e]/g, '')
          .replace(/["\\]/g, '') || `van-ban.${file.ext}`;
      return reply
        .type(file.mime)
        .header('cache-control', doc.visible_roles ? 'private, no-store' : 'public, max-age=300')
        .header(
          'content-disposition',
          `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.original_name)}`,
        )
        .send(data);
    },
  );
}
