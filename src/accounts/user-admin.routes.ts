import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountDeps, originOf, type WebContext } from '../app-context.js';
import { idFromPath } from '../errors.js';
import { messages } from '../messages/vi.js';
import { isConfirmed, sendConfirmPage, sendStaffPage, staffOnly } from '../newsroom/staff-page.js';
import { csrfField } from '../web/csrf.js';
import { redirectWithFlash } from '../web/flash.js';
import { withFormErrors } from '../web/request-info.js';
import type { Role } from './roles.js';
import {
  changeUserAccess,
  getUserForAdmin,
  inviteUser,
  listUsersForAdmin,
  USER_PAGE_SIZE,
} from './user-admin.service.js';
import { backToList, chosenAction, selectedIds, someNames } from '../newsroom/bulk-actions.js';
import { AppError } from '../errors.js';
import { userAdminPage } from './user-admin.views.js';

const u = messages.userAdmin;
const LIST = '/quan-tri/nguoi-dung';
type FormRoute = { Body: Record<string, string | undefined>; Params: { id?: string } };
type Form = FastifyRequest<FormRoute>;
type FormManyRoute = { Body: Record<string, string | string[] | undefined> };
type FormMany = FastifyRequest<FormManyRoute>;
const l = messages.lists;

/**
 * The back office's people (/quan-tri/nguoi-dung): invite, change a role, lock
 * an account. Locking and role changes ask first; every action ends in a
 * redirect to the list with what happened (and the way back), so a reload
 * repeats nothing. A refusal is shown on the list and changed nothing.
 */
export async function userAdminRoutes(app: FastifyInstance, ctx: WebContext) {
  async function show(request: FastifyRequest, reply: FastifyReply, error?: string, status = 200) {
    const render = async (query: unknown, message?: string, code = status) => {
      const back = request.method === 'GET' && request.url.startsWith(LIST) ? request.url : LIST;
      const body = userAdminPage(
        await listUsersForAdmin(ctx.accounts, request.actor, query),
        csrfField(request, reply),
        {
          error: message,
          back,
        },
      );
      return sendStaffPage(ctx.site, request, reply, u.title, body, { status: code, section: LIST });
    };
    // A bad filter: everyone, under a notice saying so, as a 400.
    return withFormErrors(
      reply,
      () => render(request.method === 'GET' ? request.query : {}, error),
      (message, code) => render({}, message, code),
    );
  }
  const refusedOnList = (request: Form, reply: FastifyReply, run: () => Promise<FastifyReply>) =>
    withFormErrors(reply, run, (error, status) => show(request, reply, error, status));
  const userId = (req: Form) => idFromPath(req.params.id!, u.notFound);

  const invite = (req: Form, reply: FastifyReply) =>
    refusedOnList(req, reply, async () => {
      const { email = '', displayName = '', role = '' } = req.body;
      const settings = await ctx.site.settings();
      const done = await inviteUser(accountDeps(ctx, req), req.actor, { email, displayName, role }, settings.name);
      const text =
        done.delivery === 'sent'
          ? u.invited(done.email)
          : done.delivery === 'log'
            ? u.invitedToLog(done.email)
            : u.inviteFailed(done.email);
      return redirectWithFlash(reply, LIST, { text, error: done.delivery === 'failed' });
    });

  const setRole = (req: Form, reply: FastifyReply) =>
    refusedOnList(req, reply, async () => {
      const id = userId(req);
      const role = req.body.role ?? '';
      const roleName = u.roles[role as Role] ?? role;
      if (!isConfirmed(req.body)) {
        const user = await getUserForAdmin(ctx.accounts, req.actor, id);
        if (user.role === role) return reply.redirect(LIST, 303);
        return sendConfirmPage(ctx.site, req, reply, {
          title: u.confirmRoleTitle,
          question: u.confirmRole(user.displayName, u.roles[user.role], roleName),
          action: `${LIST}/${id}/vai-tro`,
          fields: { role },
          confirmLabel: u.save,
          cancelHref: LIST,
        });
      }
      const before = await changeUserAccess(ctx.accounts, req.actor, id, { role }, originOf(req));
      return redirectWithFlash(reply, LIST, {
        text: u.roleChanged(before.displayName, roleName),
        undo: {
          action: `${LIST}/${id}/vai-tro`,
          label: messages.staffTools.undo,
          fields: { role: before.role, confirmed: '1' },
        },
      });
    });

  const setLock = (req: Form, reply: FastifyReply) =>
    refusedOnList(req, reply, async () => {
      const id = userId(req);
      const disabled = req.body.disabled === '1';
      // Unlocking gives back what was taken: only locking asks first.
      if (disabled && !isConfirmed(req.body)) {
        const user = await getUserForAdmin(ctx.accounts, req.actor, id);
        return sendConfirmPage(ctx.site, req, reply, {
          title: u.confirmLockTitle,
          question: u.confirmLock(user.displayName),
          action: `${LIST}/${id}/khoa`,
          fields: { disabled: '1' },
          confirmLabel: u.disable,
          cancelHref: LIST,
        });
      }
      const before = await changeUserAccess(ctx.accounts, req.actor, id, { disabled }, originOf(req));
      return redirectWithFlash(reply, LIST, {
        text: disabled ? u.locked(before.displayName) : u.unlocked(before.displayName),
        undo: disabled
          ? { action: `${LIST}/${id}/khoa`, label: messages.staffTools.undo, fields: { disabled: '0' } }
          : undefined,
      });
    });

  /** Lock the ticked accounts: asked once; then back to the list as it was, with "Hoàn tác" (unlock them). */
  const lockMany = (req: FormMany, reply: FastifyReply) => {
    const back = backToList(req.body, LIST);
    return withFormErrors(
      reply,
      async () => {
        const unlock = chosenAction(req.body, ['lock', 'unlock'] as const) === 'unlock';
        const ids = selectedIds(req.body, USER_PAGE_SIZE);
        if (!unlock && !isConfirmed(req.body)) {
          const names = await Promise.all(
            ids.map(async (id) => (await getUserForAdmin(ctx.accounts, req.actor, id)).displayName),
          );
          return sendConfirmPage(ctx.site, req, reply, {
            title: u.confirmLockTitle,
            question: l.confirmLockMany(ids.length, someNames(names)),
            action: `${LIST}/hang-loat`,
            fields: { action: 'lock', ids: ids.join(','), tiep: back },
            confirmLabel: u.disable,
            cancelHref: back,
          });
        }
        // One account at a time, each in its own transaction: the last admin is refused and said so, the others go on.
        const changed: number[] = [];
        const refused: string[] = [];
        for (const id of ids) {
          try {
            const before = await changeUserAccess(ctx.accounts, req.actor, id, { disabled: !unlock }, originOf(req));
            if (before.disabled === unlock) changed.push(id);
          } catch (err) {
            if (!(err instanceof AppError) || err.status !== 400) throw err;
            refused.push(err.publicMessage);
          }
        }
        const text = [unlock ? l.unlockedMany(changed.length) : l.lockedMany(changed.length), ...new Set(refused)].join(
          ' ',
        );
        const undoIds = changed.join(',');
        return redirectWithFlash(reply, back, {
          text,
          undo:
            !unlock && changed.length && undoIds.length <= 200
              ? {
                  action: `${LIST}/hang-loat`,
                  label: messages.staffTools.undo,
                  fields: { action: 'unlock', ids: undoIds, tiep: back.slice(0, 200) },
                }
              : undefined,
        });
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
  };

  app.get(LIST, staffOnly, (req, reply) => show(req, reply));
  app.post<FormManyRoute>(`${LIST}/hang-loat`, staffOnly, lockMany);
  app.post<FormRoute>(LIST, staffOnly, invite);
  app.post<FormRoute>(`${LIST}/:id/vai-tro`, staffOnly, setRole);
  app.post<FormRoute>(`${LIST}/:id/khoa`, staffOnly, setLock);
}
