import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { idFromPath, notFound } from '../errors.js';
import { listImageChoices } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import { orgPageBySlug, type OrgPageDef } from './org-pages.js';
import {
  ADMIN_BASE,
  itemEditPage,
  leaderValues,
  overviewPage,
  pageEditPage,
  pageValues,
  unitValues,
  type FormValues,
  type Notice,
} from './organisation-admin.views.js';
import {
  deleteLeader,
  deleteUnit,
  findLeaderForStaff,
  findUnitForStaff,
  loadOrgForStaff,
  saveLeader,
  saveOrgPage,
  saveUnit,
} from './organisation.service.js';

const a = messages.organisation.admin;
type Params = { trang: string; id?: string };
type Route = { Params: Params; Body: FormValues };
type Req = FastifyRequest<Route>;

/**
 * The back office's organisation pages (/quan-tri/to-chuc): each page in both
 * languages on one form; the structure and leaders pages also keep their lists.
 */
export async function organisationAdminRoutes(app: FastifyInstance, { site }: WebContext) {
  const deps = site.deps;
  const page = (req: Req): OrgPageDef => {
    const def = orgPageBySlug(req.params.trang);
    if (!def) throw notFound(a.pageNotFound);
    return def;
  };
  /** Only the structure (units) and leaders pages have items. */
  const listPage = (req: Req): OrgPageDef => {
    const def = page(req);
    if (def.key !== 'structure' && def.key !== 'leaders') throw notFound(a.pageNotFound);
    return def;
  };
  const itemId = (req: Req, def: OrgPageDef) =>
    idFromPath(req.params.id!, def.key === 'structure' ? a.unitNotFound : a.leaderNotFound);
  const send = (req: Req, reply: FastifyReply, title: string, body: ReturnType<typeof overviewPage>, status = 200) =>
    sendStaffPage(site, req, reply, title, body, { status, section: ADMIN_BASE });

  async function showPage(
    req: Req,
    reply: FastifyReply,
    opts: { message?: Notice; status?: number; values?: FormValues; addValues?: FormValues } = {},
  ) {
    const def = page(req);
    const { pages, units, leaders } = await loadOrgForStaff(deps, req.actor);
    const row = (lang: string) => pages.find((p) => p.page === def.key && p.lang === lang);
    const body = pageEditPage({
      def,
      values: opts.values ?? pageValues(row('vi'), row('en'), def),
      csrf: csrfField(req, reply),
      message: opts.message,
      units: def.key === 'structure' ? units : undefined,
      leaders: def.key === 'leaders' ? leaders : undefined,
      images: def.key === 'leaders' ? await listImageChoices(site.db, 100) : undefined,
      addValues: opts.addValues,
    });
    return send(req, reply, messages.organisation.pages[def.key], body, opts.status);
  }

  async function showItem(req: Req, reply: FastifyReply, message?: Notice, status = 200, sent?: FormValues) {
    const def = listPage(req);
    const id = itemId(req, def);
    const values =
      def.key === 'structure'
        ? unitValues(await findUnitForStaff(deps, req.actor, id))
        : leaderValues(await findLeaderForStaff(deps, req.actor, id));
    const images = def.key === 'leaders' ? await listImageChoices(site.db, 100) : undefined;
    const body = itemEditPage({ def, id, values: sent ?? values, images, csrf: csrfField(req, reply), message });
    return send(req, reply, def.key === 'structure' ? a.editUnit : a.editLeader, body, status);
  }

  /**
   * A change goes back to its page, which says once what was done; a refused
   * change shows its form again, with what was sent and why it was refused.
   */
  const change =
    (
      run: (req: Req, def: OrgPageDef) => Promise<{ to: string; text: string }>,
      again: (req: Req, reply: FastifyReply, error: string, status: number) => Promise<FastifyReply>,
    ) =>
    (req: Req, reply: FastifyReply) =>
      withFormErrors(
        reply,
        async () => {
          const { to, text } = await run(req, page(req));
          return redirectWithFlash(reply, to, { text });
        },
        (error, status) => again(req, reply, error, status),
      );
  const base = (def: OrgPageDef) => `${ADMIN_BASE}${def.vi}`;

  const savePage = change(
    async (req, def) => (await saveOrgPage(deps, req.actor, def.key, req.body), { to: base(def), text: a.saved }),
    (req, reply, error, status) => showPage(req, reply, { message: { error }, status, values: req.body }),
  );
  const addItem = change(
    async (req) => {
      const def = listPage(req);
      await (def.key === 'structure' ? saveUnit : saveLeader)(deps, req.actor, null, req.body);
      return { to: base(def), text: a.saved };
    },
    (req, reply, error, status) => showPage(req, reply, { message: { error }, status, addValues: req.body }),
  );
  const saveItem = change(
    async (req) => {
      const def = listPage(req);
      await (def.key === 'structure' ? saveUnit : saveLeader)(deps, req.actor, itemId(req, def), req.body);
      return { to: base(def), text: a.saved };
    },
    (req, reply, error, status) => showItem(req, reply, { error }, status, req.body),
  );
  const removeItem = change(
    async (req) => {
      const def = listPage(req);
      await (def.key === 'structure' ? deleteUnit : deleteLeader)(deps, req.actor, itemId(req, def));
      return { to: base(def), text: def.key === 'structure' ? a.unitDeleted : a.leaderDeleted };
    },
    (req, reply, error, status) => showPage(req, reply, { message: { error }, status }),
  );

  app.get<Route>(ADMIN_BASE, staffOnly, async (req, reply) =>
    send(req, reply, a.title, overviewPage((await loadOrgForStaff(deps, req.actor)).pages)),
  );
  app.get<Route>(`${ADMIN_BASE}/:trang`, staffOnly, (req, reply) => showPage(req, reply));
  app.post<Route>(`${ADMIN_BASE}/:trang`, staffOnly, savePage);
  app.post<Route>(`${ADMIN_BASE}/:trang/moi`, staffOnly, addItem);
  app.get<Route>(`${ADMIN_BASE}/:trang/:id`, staffOnly, (req, reply) => showItem(req, reply));
  app.post<Route>(`${ADMIN_BASE}/:trang/:id`, staffOnly, saveItem);
  app.post<Route>(`${ADMIN_BASE}/:trang/:id/xoa`, staffOnly, removeItem);
}
