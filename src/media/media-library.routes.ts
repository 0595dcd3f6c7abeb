import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { wantsJson } from '../web/error-handler.js';
import { withFormErrors } from '../web/request-info.js';
import { mediaLibraryPage } from './media-library.views.js';
import { figureHtml } from './media-urls.js';
import { createMediaDeps, listMediaForStaff, uploadMedia } from './media.service.js';
import { registerUploadForm, uploadedFile } from './upload-form.js';

const p = messages.newsroom.pages;
type UploadRoute = { Querystring: { ten?: string } };

/** The back office's media library (/quan-tri/thu-vien), which is also where the editor uploads. */
export async function mediaLibraryRoutes(app: FastifyInstance, { site }: WebContext) {
  const media = createMediaDeps(site.db, site.config, site.now);
  // Uploads arrive as the raw file; the limit leaves room so the service can refuse with its own message.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: site.config.media.maxBytes * 2 },
    (_req, body, done) => done(null, body),
  );
  await registerUploadForm(app, site.config.media.maxBytes);

  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    message: { error?: string; notice?: string } = {},
    status = 200,
  ) {
    const items = await listMediaForStaff(media, request.actor, 1);
    const body = mediaLibraryPage(items, site.config.media.maxBytes / 1024 / 1024, csrfField(request, reply), message);
    return sendStaffPage(site, request, reply, p.media, body, { status, section: '/quan-tri/thu-vien' });
  }

  // Two ways in: the editor sends the raw file (JSON answer with the figure), the library's plain form a multipart body.
  async function upload(request: FastifyRequest<UploadRoute>, reply: FastifyReply) {
    const file = uploadedFile(request.body, request.query.ten);
    const fields = request.body as Record<string, unknown> | null;
    const alt = typeof fields?.alt === 'string' ? fields.alt : undefined;
    if (wantsJson(request)) {
      const m = await uploadMedia(media, request.actor, { ...file, alt });
      return reply
        .code(201)
        .send({ id: m.id, kind: m.kind, figureHtml: m.kind === 'image' ? figureHtml(m, '').value : null });
    }
    // A refused file is explained on the library page itself, with the form to try again.
    return withFormErrors(
      reply,
      async () => (
        await uploadMedia(media, request.actor, { ...file, alt }),
        reply.redirect('/quan-tri/thu-vien?da-tai=1', 303)
      ),
      (error, status) => show(request, reply, { error }, status),
    );
  }

  const library = (req: FastifyRequest<{ Querystring: { 'da-tai'?: string } }>, reply: FastifyReply) =>
    show(req, reply, req.query['da-tai'] ? { notice: p.uploadDone } : {});

  app.get<{ Querystring: { 'da-tai'?: string } }>('/quan-tri/thu-vien', staffOnly, library);
  app.post<UploadRoute>('/quan-tri/thu-vien', staffOnly, upload);
}
