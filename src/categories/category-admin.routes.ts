import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { badRequest, idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { isConfirmed, sendConfirmPage, sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { newTrashBatch } from '../trash/trash.service.js';
import { undoTrash } from '../trash/trash.views.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { createCategory, deleteCategory, moveCategory, updateCategory } from './category-admin.service.js';
import { categoryAdminPage, categoryFromForm } from './category-admin.views.js';

const c = messages.categoryAdmin;
const LIST = '/quan-tri/chuyen-muc';
type FormRoute = { Body: Record<string, string | undefined>; Params: { id?: string } };
type Form = FastifyRequest<FormRoute>;
type ListRoute = { Querystring: { sua?: string } };

/**
 * The back office's categories (/quan-tri/chuyen-muc): the tree, with one
 * edit form open at a time (?sua=id), move up and down among siblings, and
 * delete to the trash. Every change ends in a redirect to the tree saying
 * what happened, so a reload repeats nothing.
 */
export async function categoryAdminRoutes(app: FastifyInstance, { site }: WebContext) {
  async function show(
    request: FastifyRequest,
    reply: FastifyReply,
    editing: number | null,
    error?: string,
    status = 200,
  ) {
    assertCanOnSite(request.actor, 'manageCategories');
    const body = categoryAdminPage(await site.categories(), csrfField(request, reply), { editing, error });
    return sendStaffPage(site, request, reply, c.title, body, { status, section: LIST });
  }
  const categoryId = (req: Form) => idFromPath(req.params.id!, c.notFound);

  const list = async (req: FastifyRequest<ListRoute>, reply: FastifyReply) => {
    const raw = req.query.sua;
    if (raw === undefined || raw === '') return show(req, reply, null);
    const tree = await site.categories();
    // An unknown or malformed ?sua= shows the tree with a notice, not an error page.
    if (!/^\d{1,9}$/.test(raw) || !tree.get(Number(raw))) return show(req, reply, null, c.notFound, 404);
    return show(req, reply, Number(raw));
  };

  /** A refused change shows the tree again with the reason, and the form it came from open. */
  const change =
    (run: (request: Form) => Promise<string>, editing: (request: Form) => number | null) =>
    (request: Form, reply: FastifyReply) =>
      withFormErrors(
        reply,
        async () => redirectWithFlash(reply, LIST, { text: await run(request) }),
        (error, status) => show(request, reply, editing(request), error, status),
      );

  const create = change(
    async (req) => {
      const input = categoryFromForm(req.body);
      await createCategory(site.deps, req.actor, input);
      return c.created(input.name.trim());
    },
    () => null,
  );
  const update = change(async (req) => {
    const input = categoryFromForm(req.body);
    await updateCategory(site.deps, req.actor, categoryId(req), input);
    return c.updated(input.name.trim());
  }, categoryId);
  const move = (by: -1 | 1) =>
    change(
      async (req) => c.moved(await moveCategory(site.deps, req.actor, categoryId(req), by)),
      () => null,
    );

  async function remove(req: Form, reply: FastifyReply) {
    const id = categoryId(req);
    return withFormErrors(
      reply,
      async () => {
        assertCanOnSite(req.actor, 'manageCategories');
        const cat = (await site.categories()).get(id);
        if (!cat) throw badRequest(c.notFound);
        if (!isConfirmed(req.body))
          return sendConfirmPage(site, req, reply, {
            title: c.confirmDeleteTitle,
            question: c.confirmDelete(cat.name),
            action: `${LIST}/${id}/xoa`,
            fields: {},
            confirmLabel: c.delete,
            cancelHref: LIST,
          });
        const batch = newTrashBatch();
        const name = await deleteCategory(site.deps, req.actor, id, batch);
        return redirectWithFlash(reply, LIST, { text: c.deleted(name), undo: undoTrash(batch) });
      },
      // Refused (articles still in it): back to the tree with the count, as a message that shows once.
      async (error) => redirectWithFlash(reply, LIST, { text: error, error: true }),
    );
  }

  app.get<ListRoute>(LIST, staffOnly, list);
  app.post<FormRoute>(LIST, staffOnly, create);
  app.post<FormRoute>(`${LIST}/:id`, staffOnly, update);
  app.post<FormRoute>(`${LIST}/:id/len`, staffOnly, move(-1));
  app.post<FormRoute>(`${LIST}/:id/xuong`, staffOnly, move(1));
  app.post<FormRoute>(`${LIST}/:id/xoa`, staffOnly, remove);
}
