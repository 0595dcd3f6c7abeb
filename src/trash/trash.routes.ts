import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { purgeCategory, restoreCategoryFromTrash } from '../categories/category-admin.service.js';
import { commentDeps } from '../comments/comments.service.js';
import { purgeComment, restoreCommentFromTrash } from '../comments/moderation.service.js';
import type { TrashKind } from '../db/schema.js';
import { AppError, badRequest } from '../errors.js';
import { createMediaDeps, purgeMedia, restoreMediaFromTrash } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { backToList, chosenAction, selectedIds } from '../newsroom/bulk-actions.js';
import { purgeArticle, restoreArticleFromTrash } from '../newsroom/newsroom.service.js';
import { isConfirmed, sendConfirmPage, sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import type { Actor } from '../accounts/roles.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { listTrashForStaff, trashEntries, type TrashRow } from './trash.service.js';
import { TRASH_URL, trashPage } from './trash.views.js';

const t = messages.trash;
type FormRoute = { Body: Record<string, string | string[] | undefined> };
type Form = FastifyRequest<FormRoute>;
type Step = (actor: Actor | null, itemId: number) => Promise<unknown>;

/**
 * The trash (/quan-tri/thung-rac): restore what was deleted, or (admins)
 * delete it for good. Each kind's own service does the work, so restoring an
 * article goes through the same checks and announcements as publishing one.
 */
export async function trashRoutes(app: FastifyInstance, { site }: WebContext) {
  const comments = commentDeps(site);
  const media = createMediaDeps(site.db, site.config, site.now);
  const restore: Record<TrashKind, Step> = {
    article: (actor, id) => restoreArticleFromTrash(site.deps, actor, id),
    comment: (actor, id) => restoreCommentFromTrash(comments, actor, id),
    category: (actor, id) => restoreCategoryFromTrash(site.deps, actor, id),
    media: (actor, id) => restoreMediaFromTrash(media, actor, id),
  };
  const purge: Record<TrashKind, Step> = {
    article: (actor, id) => purgeArticle(site.deps, actor, id),
    comment: (actor, id) => purgeComment(comments, actor, id),
    category: (actor, id) => purgeCategory(site.deps, actor, id),
    media: (actor, id) => purgeMedia(media, actor, id),
  };

  /**
   * Each entry in its own transaction. One that cannot be restored (its address taken meanwhile)
   * stops the rest, and the message says both how many went through and why that one did not.
   */
  async function each(
    entries: readonly TrashRow[],
    step: Record<TrashKind, Step>,
    actor: Actor | null,
    said: (n: number) => string,
  ) {
    let done = 0;
    for (const e of entries) {
      try {
        await step[e.kind](actor, e.item_id);
      } catch (err) {
        if (done === 0 || !(err instanceof AppError) || err.status >= 500) throw err;
        throw badRequest(`${said(done)} ${err.publicMessage}`);
      }
      done++;
    }
    return done;
  }

  const list = async (req: FastifyRequest, reply: FastifyReply) => {
    const canPurge = hasRoleAtLeast(req.actor, 'admin');
    const show = async (query: unknown, error?: string, status = 200) =>
      sendStaffPage(
        site,
        req,
        reply,
        t.title,
        trashPage(await listTrashForStaff(site.db, req.actor, query), csrfField(req, reply), req.url, canPurge, error),
        { section: TRASH_URL, status },
      );
    return withFormErrors(
      reply,
      () => show(req.query),
      (error, status) => show({}, error, status),
    );
  };

  /** The "Hoàn tác" after a delete (one action's batch), also open to the author who deleted their own draft. */
  const undo = (req: Form, reply: FastifyReply) => {
    const batch = String(req.body?.batch ?? '');
    return withFormErrors(
      reply,
      async () => {
        if (!/^[\w-]{8,40}$/.test(batch)) throw badRequest(t.badAction);
        const entries = await trashEntries(site.db, { batch });
        if (!entries.length) throw badRequest(messages.newsroom.errors.notInTrash);
        await each(entries, restore, req.actor, t.restored);
        const text = entries.length === 1 ? t.restoredOne(entries[0]!.label) : t.restored(entries.length);
        // Back to the list it was deleted from, as it was; only that kind's own list is taken from the form.
        return redirectWithFlash(reply, backToList(req.body, backFor(entries[0]!.kind)), { text });
      },
      async (error) => redirectWithFlash(reply, '/quan-tri', { text: error, error: true }),
    );
  };

  const bulk = (req: Form, reply: FastifyReply) => {
    const back = backToList(req.body, TRASH_URL);
    return withFormErrors(
      reply,
      async () => {
        const action = chosenAction(req.body, ['restore', 'purge'] as const);
        const entries = await trashEntries(site.db, { ids: selectedIds(req.body) });
        if (!entries.length) throw badRequest(t.nothingSelected);
        if (action === 'purge') {
          if (!hasRoleAtLeast(req.actor, 'admin')) throw badRequest(t.onlyAdminPurges);
          if (!isConfirmed(req.body))
            return sendConfirmPage(site, req, reply, {
              title: t.confirmPurgeTitle,
              question: t.confirmPurge(entries.length),
              action: `${TRASH_URL}/hang-loat`,
              fields: { action, ids: entries.map((e) => e.id).join(','), tiep: back },
              confirmLabel: t.purge,
              cancelHref: back,
            });
        }
        const said = action === 'purge' ? t.purged : t.restored;
        const done = await each(entries, action === 'purge' ? purge : restore, req.actor, said);
        return redirectWithFlash(reply, back, { text: said(done) });
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
  };

  app.get(TRASH_URL, staffOnly, list);
  app.post<FormRoute>(`${TRASH_URL}/khoi-phuc`, staffOnly, undo);
  app.post<FormRoute>(`${TRASH_URL}/hang-loat`, staffOnly, bulk);
}

/** After an undo, back to the list the item came from. */
function backFor(kind: TrashKind): string {
  return {
    article: '/quan-tri/bai-viet',
    comment: '/quan-tri/y-kien',
    category: '/quan-tri/chuyen-muc',
    media: '/quan-tri/thu-vien',
  }[kind];
}
