import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { articleUrl } from '../articles/urls.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { badRequest, idFromPath, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { requireRole, requireUser } from '../accounts/auth.js';
import type { WebContext } from '../app-context.js';
import { tokenIssuedAt } from '../web/csrf.js';
import { formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { sendPrivatePage } from '../web/pages.js';
import { withFormErrors } from '../web/request-info.js';
import { storedCommentHtml } from './comment-text.js';
import {
  countByStatus,
  findArticleForComment,
  findComment,
  findCommentsByIds,
  findDocumentForComment,
  listQueue,
  type CommentRow,
} from './comments.repo.js';
import {
  commentDeps,
  deleteOwnComment,
  editOwnComment,
  findOwnComment,
  consultationOpen,
  postComment,
  reportComment,
} from './comments.service.js';
import {
  editComment,
  moderateComments,
  replyAsStaff,
  setCommentsClosed,
  type ModerationAction,
} from './moderation.service.js';
import { loadCommentSettings, saveCommentSettings } from './settings.service.js';
import { commentForm, NOTICE_ID, ownEditView, reportConfirmView, type FormTarget } from './comments.views.js';
import { addGuestOwnedComment, commentOwnerOf, dropGuestOwnedComment } from './owner-cookies.js';
import {
  STATUS_SLUGS,
  commentAdminView,
  pendingNote,
  queueView,
  settingsFormValues,
  settingsView,
  type CommentAdminState,
} from './moderation.views.js';
import { backToList, selectedIds } from '../newsroom/bulk-actions.js';
import { isConfirmed, sendConfirmPage, sendStaffPage } from '../newsroom/staff-page.js';
import { newTrashBatch } from '../trash/trash.service.js';
import { undoTrash } from '../trash/trash.views.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash, takeFlashMessage } from '../web/flash.js';

const m = messages.comments;
const mm = messages.moderation;
type Form = Record<string, string | string[] | undefined>;
type Req = FastifyRequest<{ Body: Form; Params: { id: string }; Querystring: Form }>;

const queueQuery = z.object({
  'trang-thai': z.enum(Object.keys(STATUS_SLUGS) as [string, ...string[]]).optional(),
  bai: z.union([z.literal(''), z.coerce.number().int().positive()]).optional(),
  'van-ban': z.union([z.literal(''), z.coerce.number().int().positive()]).optional(),
  ten: z.string().max(100).optional(),
  // The commenter's name was once `tac-gia`, which elsewhere means a staff account; old links keep working.
  'tac-gia': z.string().max(100).optional(),
  ip: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  trang: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
});
const QUEUE_PAGE = 100;
const QUEUE = '/quan-tri/y-kien';
const SETTINGS = '/quan-tri/y-kien/cai-dat';

const ACTIONS = new Set<ModerationAction>(['approve', 'reject', 'spam', 'delete']);

export async function commentRoutes(app: FastifyInstance, ctx: WebContext) {
  const deps = commentDeps(ctx.site);
  const editor = requireRole('editor');

  /** Pages for one reader or staff member; staff see the pending count on each. Not sendStaffPage: readers' pages
   * keep the site's shell, and these forms carry csrfSlot, which only sendPrivatePage fills. */
  const page = async (request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, status = 200) => {
    const staffNote = hasRoleAtLeast(request.actor, 'editor')
      ? pendingNote(await countByStatus(ctx.site.db.kysely, 'pending'))
      : undefined;
    return sendPrivatePage(request, reply, ctx.site, { status, meta: { title, noindex: true }, body, staffNote });
  };

  /** The page a comment (or a form's target) is on: its article, or the document it is a góp ý on. */
  const targetPath = async (on: { article_id: number | null; document_id: number | null }) => {
    if (on.document_id) {
      const doc = await findDocumentForComment(ctx.site.db.kysely, on.document_id);
      return doc ? `/van-ban/${doc.slug}` : '/van-ban';
    }
    const [article, tree] = await Promise.all([
      findArticleForComment(ctx.site.db.kysely, on.article_id ?? 0),
      ctx.site.categories(),
    ]);
    if (!article) return '/';
    return articleUrl(tree.get(article.category_id)?.slug ?? 'bai-viet', article.slug, article.id);
  };
  const formTarget = (on: { article_id: number | null; document_id: number | null }): FormTarget =>
    on.document_id ? { documentId: on.document_id } : { articleId: on.article_id ?? 0 };
  const backLabel = (on: { document_id: number | null }) =>
    on.document_id ? messages.consultations.backToDocument : m.backToArticle;

  app.post('/y-kien', (request: Req, reply) => {
    const body = request.body as Record<string, string | undefined>;
    return withFormErrors(
      reply,
      async () => {
        const posted = await postComment(deps, request.actor, body, {
          ip: request.ip,
          formIssuedAt: tokenIssuedAt(request)!,
        });
        if (posted.id && posted.guestToken) addGuestOwnedComment(request, reply, posted.id, posted.guestToken);
        const message =
          posted.status === 'approved'
            ? m.published
            : posted.heldUntilEmailVerified
              ? m.pendingUntilVerified
              : m.pending;
        // Back to the page it was sent from, which says so in place: a reload repeats nothing (comments.js follows it too).
        return redirectWithFlash(reply, `${await targetPath(postedOn(body))}#${NOTICE_ID}`, {
          text: message,
          comment: posted.id ?? undefined,
        });
      },
      async (error, status) => {
        const on = postedOn(body);
        // A góp ý refused because its consultation is over gets no form to send it again.
        const over = on.document_id !== null && !(await consultationOpen(deps, on.document_id));
        const form = over
          ? ''
          : commentForm({
              target: formTarget(on),
              parentId: Number(body?.parentId) || undefined,
              viewer: request.actor,
              body: body?.body,
              name: body?.name,
              email: body?.email,
            });
        return page(
          request,
          reply,
          m.formTitle,
          html`<h1 class="page-title">${m.formTitle}</h1>${formMessage(error)}${form}
<p><a href="${await targetPath(on)}#y-kien">${backLabel(on)}</a></p>`,
          status,
        );
      },
    );
  });
  app.get('/y-kien/:id/tra-loi', async (request: Req, reply) => {
    const parent = await findComment(ctx.site.db.kysely, idFromPath(request.params.id, m.notFound));
    if (!parent || parent.status !== 'approved' || parent.parent_id !== null) throw notFound(m.notFound);
    return page(
      request,
      reply,
      m.replyTitle,
      html`<h1 class="page-title">${m.replyTitle}</h1>
<blockquote class="quoted"><p><strong>${parent.author_name}</strong></p>${storedCommentHtml(parent)}</blockquote>
${commentForm({ target: formTarget(parent), parentId: parent.id, viewer: request.actor })}
<p><a href="${await targetPath(parent)}#y-kien-${parent.id}">${backLabel(parent)}</a></p>`,
    );
  });
  app.get('/y-kien/:id/bao-cao', async (request: Req, reply) => {
    const comment = await findComment(ctx.site.db.kysely, idFromPath(request.params.id, m.notFound));
    if (!comment || comment.status !== 'approved') throw notFound(m.notFound);
    return page(request, reply, m.report, reportConfirmView(comment, await targetPath(comment)));
  });
  app.post('/y-kien/:id/bao-cao', async (request: Req, reply) => {
    const id = idFromPath(request.params.id, m.notFound);
    await reportComment(deps, id, request.ip);
    const comment = await findComment(ctx.site.db.kysely, id);
    return redirectWithFlash(reply, comment ? `${await targetPath(comment)}#${NOTICE_ID}` : '/', { text: m.reported });
  });
  // Readers change their own comments by account, guests by the tokens in the cookie they got when posting.
  // Either way back to a page that says once what happened: the account page (its notice is at the top), or
  // the comment's page at the notice above its form, beside the guest's own comments.
  const afterOwnChange = async (request: FastifyRequest, reply: FastifyReply, comment: CommentRow, text: string) =>
    redirectWithFlash(reply, request.actor ? '/tai-khoan' : `${await targetPath(comment)}#${NOTICE_ID}`, { text });
  app.get('/y-kien/:id/sua', async (request: Req, reply) => {
    const owner = commentOwnerOf(request);
    if (!owner.actor && owner.guestTokens.size === 0) return requireUser(request, reply);
    const comment = await findOwnComment(deps, owner, idFromPath(request.params.id, m.notFound));
    return page(request, reply, m.editTitle, ownEditView(comment.id, comment.body));
  });
  app.post('/y-kien/:id/sua', (request: Req, reply) => {
    const id = idFromPath(request.params.id, m.notFound);
    return withFormErrors(
      reply,
      async () => {
        const comment = await editOwnComment(deps, commentOwnerOf(request), id, request.body.body);
        return afterOwnChange(request, reply, comment, m.saved);
      },
      (error, status) =>
        page(request, reply, m.editTitle, ownEditView(id, String(request.body?.body ?? ''), error), status),
    );
  });
  app.post('/y-kien/:id/xoa', async (request: Req, reply) => {
    const id = idFromPath(request.params.id, m.notFound);
    const comment = await deleteOwnComment(deps, commentOwnerOf(request), id);
    if (!request.actor) dropGuestOwnedComment(request, reply, id);
    return afterOwnChange(request, reply, comment, m.deleted);
  });

  app.get('/quan-tri/y-kien', { preHandler: editor }, async (request: Req, reply) => showQueue(request, reply));
  /**
   * One action over the ticked comments, or one comment's own button ("action:id"). Ticked
   * comments, and any delete, are asked about once; then back to the queue as it was (POST →
   * redirect → GET) with what happened, and "Hoàn tác" after a delete.
   */
  app.post('/quan-tri/y-kien', { preHandler: editor }, async (request: Req, reply) => {
    const back = backToList(request.body, QUEUE);
    return withFormErrors(
      reply,
      async () => {
        const { action, ids, one } = parseModeration(request.body);
        if ((!one || action === 'delete') && !isConfirmed(request.body))
          return sendConfirmPage(ctx.site, request, reply, {
            title: messages.lists.confirmTitle,
            question: messages.lists.confirmComments(
              mm.actions[action],
              ids.length,
              await describeComments(ctx.site.db.kysely, ids),
            ),
            action: QUEUE,
            fields: { action, ids: ids.join(','), tiep: back },
            confirmLabel: mm.actions[action],
            cancelHref: back,
          });
        const batch = newTrashBatch();
        const n = await moderateComments(deps, request.actor, ids, action, batch);
        return action === 'delete'
          ? redirectWithFlash(reply, back, {
              text: messages.lists.commentsTrashed(n),
              undo: n ? undoTrash(batch, back) : undefined,
            })
          : redirectWithFlash(reply, back, { text: mm.done(n) });
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
  });
  app.get(SETTINGS, { preHandler: requireRole('admin') }, async (request, reply) => {
    const stored = settingsFormValues(await loadCommentSettings(ctx.site.db.kysely));
    return page(request, reply, mm.settingsTitle, settingsView(stored, takeFlashMessage(request, reply)));
  });
  // Saved: back to the form, which says so once (a reload repeats nothing). Refused: the form as typed, with why.
  app.post(SETTINGS, { preHandler: requireRole('admin') }, (request: Req, reply) =>
    withFormErrors(
      reply,
      async () => {
        await saveCommentSettings(deps, request.actor, request.body);
        return redirectWithFlash(reply, SETTINGS, { text: mm.settingsSaved });
      },
      async (error, status) => {
        const typed = settingsFormValues(await loadCommentSettings(ctx.site.db.kysely), request.body);
        return page(request, reply, mm.settingsTitle, settingsView(typed, { error }), status);
      },
    ),
  );
  app.get('/quan-tri/y-kien/:id', { preHandler: editor }, async (request: Req, reply) => {
    const comment = await findComment(ctx.site.db.kysely, idFromPath(request.params.id, m.notFound));
    if (!comment) throw notFound(m.notFound);
    return page(request, reply, m.editTitle, await adminView(comment, takeFlashMessage(request, reply)));
  });
  for (const [verb, closed] of [
    ['dong', true],
    ['mo', false],
  ] as const) {
    app.post(`/quan-tri/y-kien/bai/:id/${verb}`, { preHandler: editor }, async (request: Req, reply) => {
      await setCommentsClosed(deps, request.actor, idFromPath(request.params.id, m.notFound), closed);
      return redirectWithFlash(reply, QUEUE, { text: closed ? mm.articleClosed : mm.articleReopened });
    });
  }
  app.post('/quan-tri/y-kien/:id/sua', { preHandler: editor }, (request: Req, reply) => {
    const id = idFromPath(request.params.id, m.notFound);
    return withFormErrors(
      reply,
      async () => {
        await editComment(deps, request.actor, id, request.body.body);
        // Back to the comment's page, which shows the saved text and says so once.
        return redirectWithFlash(reply, `${QUEUE}/${id}`, { text: mm.commentSaved(id) });
      },
      async (error, status) => {
        const comment = await findComment(ctx.site.db.kysely, id);
        if (!comment) throw notFound(m.notFound);
        return page(request, reply, m.editTitle, await adminView(comment, { error, body: typedText(request) }), status);
      },
    );
  });
  app.post('/quan-tri/y-kien/:id/tra-loi', { preHandler: editor }, (request: Req, reply) => {
    const id = idFromPath(request.params.id, m.notFound);
    return withFormErrors(
      reply,
      async () => {
        const { answered } = await replyAsStaff(deps, request.actor, id, request.body.body);
        return redirectWithFlash(reply, `${QUEUE}?trang-thai=da-duyet`, { text: mm.replied(answered) });
      },
      async (error, status) => {
        const comment = await findComment(ctx.site.db.kysely, id);
        if (!comment) throw notFound(m.notFound);
        return page(
          request,
          reply,
          m.editTitle,
          await adminView(comment, { error, reply: typedText(request) }),
          status,
        );
      },
    );
  });

  async function adminView(comment: CommentRow, state: CommentAdminState = {}) {
    const article = comment.article_id
      ? await findArticleForComment(ctx.site.db.kysely, comment.article_id)
      : undefined;
    return commentAdminView(comment, { ...state, articleClosed: article?.comments_closed === 1 });
  }

  /** The queue in the staff shell; a bad filter shows the unfiltered queue under a notice saying so, as a 400. */
  async function showQueue(request: Req, reply: FastifyReply) {
    const render = async (query: unknown, error?: string, status = 200) => {
      const q = parseOr400(queueQuery, query, messages.lists.badQuery);
      const status_ = STATUS_SLUGS[q['trang-thai'] ?? 'cho-duyet']!;
      const filter = {
        articleId: q.bai || undefined,
        documentId: q['van-ban'] || undefined,
        author: q.ten || q['tac-gia'] || undefined,
        ip: q.ip || undefined,
        text: q.q || undefined,
      };
      const pageNo = q.trang ?? 1;
      const rows = await listQueue(ctx.site.db.kysely, {
        status: status_,
        ...filter,
        limit: QUEUE_PAGE + 1,
        offset: (pageNo - 1) * QUEUE_PAGE,
      });
      const body = queueView({
        status: status_,
        rows: rows.slice(0, QUEUE_PAGE),
        filter,
        page: pageNo,
        more: rows.length > QUEUE_PAGE,
        error,
        isAdmin: hasRoleAtLeast(request.actor, 'admin'),
        csrf: csrfField(request, reply),
        back: error ? QUEUE : request.url,
      });
      return sendStaffPage(ctx.site, request, reply, mm.title, body, { status, section: QUEUE });
    };
    return withFormErrors(
      reply,
      () => render(request.query),
      (error, status) => render({}, error, status),
    );
  }
}

/** The text a refused form sent, to give it back rather than make the person type it again. */
function typedText(request: Req): string | undefined {
  const body = request.body?.body;
  return typeof body === 'string' ? body : undefined;
}

/** Which of the two ids a posted form names: its article, or the document of a góp ý. */
function postedOn(body: Record<string, string | undefined> | undefined) {
  const documentId = Number(body?.documentId) || null;
  return { article_id: documentId ? null : Number(body?.articleId) || null, document_id: documentId };
}

/** Either a bulk action over the ticked boxes, or "action:id" from one comment's own button. */
function parseModeration(body: Form | undefined): { action: ModerationAction; ids: number[]; one: boolean } {
  const raw = String(body?.action ?? '');
  const [name, one] = raw.split(':');
  if (!ACTIONS.has(name as ModerationAction)) throw badRequest(messages.errors.badRequest);
  const ids = one ? selectedIds({ ids: one }) : selectedIds(body);
  return { action: name as ModerationAction, ids, one: Boolean(one) };
}

/** Whose comments, and how each begins, so the question says what it is about: the first five, then a count. */
async function describeComments(db: Parameters<typeof findCommentsByIds>[0], ids: number[]): Promise<string> {
  const shown = (await findCommentsByIds(db, ids.slice(0, 5))).map((c) => {
    const text = c.body.replace(/\s+/g, ' ').trim();
    return `${c.author_name} (“${text.length > 60 ? `${text.slice(0, 60).trimEnd()}…` : text}”)`;
  });
  return messages.lists.describedComments(shown, ids.length - shown.length);
}
