import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { messages } from '../messages/vi.js';
import { isConfirmed, sendConfirmPage, sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { backToList, chosenAction, selectedIds, someNames } from '../newsroom/bulk-actions.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { newTrashBatch } from '../trash/trash.service.js';
import { undoTrash } from '../trash/trash.views.js';
import { redirectWithFlash } from '../web/flash.js';
import { csrfField } from '../web/csrf.js';
import { wantsJson } from '../web/error-handler.js';
import { withFormErrors } from '../web/request-info.js';
import { mediaLibraryPage } from './media-library.views.js';
import { figureHtml } from './media-urls.js';
import {
  createMediaDeps,
  listMediaForStaff,
  MEDIA_PAGE_SIZE,
  mediaNames,
  trashMedia,
  uploadMedia,
} from './media.service.js';
import { registerUploadForm, uploadedFile } from './upload-form.js';

const p = messages.newsroom.pages;
const l = messages.lists;
const LIBRARY = '/quan-tri/thu-vien';
type UploadRoute = { Querystring: { ten?: string } };
type BulkRoute = { Body: Record<string, string | string[] | undefined> };

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

  async function show(request: FastifyRequest, reply: FastifyReply, message: { error?: string } = {}, status = 200) {
    const render = async (query: unknown, error?: string, code = status) => {
      const list = await listMediaForStaff(media, request.actor, query);
      const canDelete = hasRoleAtLeast(request.actor, 'editor');
      const body = mediaLibraryPage(list, site.config.media.maxBytes / 1024 / 1024, csrfField(request, reply), {
        error: error ?? message.error,
        back: request.method === 'GET' && request.url.startsWith(LIBRARY) ? request.url : LIBRARY,
        canDelete,
      });
      return sendStaffPage(site, request, reply, p.media, body, { status: code, section: LIBRARY });
    };
    // A bad filter: the whole library under a notice saying so, as a 400.
    return withFormErrors(
      reply,
      () => render(request.query),
      (error, code) => render({}, error, code),
    );
  }

  /** The ticked files to the trash: asked once, then back to the library as it was, with "Hoàn tác". */
  async function bulk(request: FastifyRequest<BulkRoute>, reply: FastifyReply) {
    const back = backToList(request.body, LIBRARY);
    return withFormErrors(
      reply,
      async () => {
        chosenAction(request.body, ['trash'] as const);
        const ids = selectedIds(request.body, MEDIA_PAGE_SIZE);
        if (!isConfirmed(request.body)) {
          const names = await mediaNames(media, request.actor, ids);
          return sendConfirmPage(site, request, reply, {
            title: l.confirmTitle,
            question: l.confirmMedia(names.length, someNames(names)),
            action: `${LIBRARY}/hang-loat`,
            fields: { action: 'trash', ids: ids.join(','), tiep: back },
            confirmLabel: l.mediaDelete,
            cancelHref: back,
          });
        }
        const batch = newTrashBatch();
        const names = await trashMedia(media, request.actor, ids, batch);
        return redirectWithFlash(reply, back, {
          text: l.mediaTrashed(names.length),
          undo: names.length ? undoTrash(batch, back) : undefined,
        });
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
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
        redirectWithFlash(reply, LIBRARY, { text: p.uploadDone })
      ),
      (error, status) => show(request, reply, { error }, status),
    );
  }

  app.get(LIBRARY, staffOnly, (req, reply) => show(req, reply));
  app.post<UploadRoute>(LIBRARY, staffOnly, upload);
  app.post<BulkRoute>(`${LIBRARY}/hang-loat`, staffOnly, bulk);
}
