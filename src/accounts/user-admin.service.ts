import type { AccountDeps, Origin } from './accounts.service.js';
import { createUser } from './accounts.service.js';
import { deleteSessionsOfUser, findUserById, insertAuthEvent } from './accounts.repo.js';
import { ROLES, type Actor, type Role } from './roles.js';
import {
  countUsers,
  listUsers,
  lockActiveAdmins,
  setUserAccessKeepingAnAdmin,
  type UserFilter,
  type UserState,
} from './user-admin.repo.js';
import { z } from 'zod';
import { listParam, pageParam, searchParam, slugParam } from '../newsroom/bulk-actions.js';
import { parseOr400 } from '../errors.js';
import { toNfc } from '../vi/normalize.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, notFound } from '../errors.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from './permissions.js';

export { listStaffNames } from './user-admin.repo.js';

const u = messages.userAdmin;

export const USER_PAGE_SIZE = 50;
export const STATE_OF_SLUG: Readonly<Record<string, UserState>> = {
  'hoat-dong': 'active',
  'da-khoa': 'disabled',
  'chua-dat-mat-khau': 'pending',
};

const userQuerySchema = z.object({
  q: searchParam(u.badFilter),
  'vai-tro': listParam(z.enum(ROLES, u.badFilter)),
  'trang-thai': slugParam(STATE_OF_SLUG, u.badFilter),
  trang: pageParam(u.badFilter),
});

/** A page of people, searched and filtered by ?q=&vai-tro=&trang-thai=&trang=; a bad parameter is a 400 in Vietnamese. */
export async function listUsersForAdmin(deps: Pick<AccountDeps, 'db'>, actor: Actor | null, rawQuery: unknown) {
  assertCanOnSite(actor, 'manageUsers');
  const query = parseOr400(userQuerySchema, rawQuery ?? {});
  const filter: UserFilter = {
    role: query['vai-tro'],
    state: query['trang-thai'] ? STATE_OF_SLUG[query['trang-thai']] : undefined,
    text: query.q ? toNfc(query.q) : undefined,
  };
  const page = query.trang ?? 1;
  const [rows, total] = await Promise.all([
    listUsers(deps.db, filter, { limit: USER_PAGE_SIZE, offset: (page - 1) * USER_PAGE_SIZE }),
    countUsers(deps.db, filter),
  ]);
  return { rows, total, page, totalPages: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)), query };
}
export type UserListing = Awaited<ReturnType<typeof listUsersForAdmin>>;

/** How the invitation went: the page says exactly this, never more. */
export type InviteDelivery = 'sent' | 'log' | 'failed';

/** One account, for the question asked before changing it. */
export async function getUserForAdmin(deps: Pick<AccountDeps, 'db'>, actor: Actor | null, id: number) {
  assertCanOnSite(actor, 'manageUsers');
  const user = await findUserById(deps.db, id);
  if (!user) throw notFound(u.notFound);
  return { id: user.id, displayName: user.display_name, role: user.role, disabled: user.disabled === 1 };
}

/** Creates the account without a password and mails a one-time link to set one. */
export async function inviteUser(
  deps: AccountDeps,
  actor: Actor | null,
  input: { email: string; displayName: string; role: string },
  siteName: string,
): Promise<{ id: number; email: string; delivery: InviteDelivery }> {
  assertCanOnSite(actor, 'manageUsers');
  const created = await createUser(deps, {
    email: input.email,
    displayName: input.displayName || undefined,
    role: input.role,
  });
  const user = (await findUserById(deps.db, created.id))!;
  await recordAudit(deps.db, {
    actor,
    action: 'user.invite',
    entityType: 'user',
    entityId: created.id,
    detail: `${user.email} (${input.role})`,
    now: deps.now().toISOString(),
  });
  let delivery: InviteDelivery = deps.mailer.toLog ? 'log' : 'sent';
  if (created.setPasswordUrl) {
    try {
      await deps.mailer.send({
        to: user.email,
        subject: u.inviteSubject,
        text: u.inviteText(user.display_name, siteName, created.setPasswordUrl),
      });
    } catch (err) {
      // The account exists: the link goes to the log, so the admin can still pass it on by hand.
      deps.log.error({ err, to: user.email, link: created.setPasswordUrl }, 'could not send invitation');
      delivery = 'failed';
    }
  }
  return { id: created.id, email: user.email, delivery };
}

/**
 * Role changes and locking take effect at once (sessions read the role on
 * every request). The last active admin can neither lose the role nor be
 * locked, even when two admins are taken away at the same moment. Both are
 * authentication events as well as newsroom actions: they change what an
 * account can sign in to, so they go to the auth events log beside logins.
 */
export async function changeUserAccess(
  deps: Pick<AccountDeps, 'db' | 'now'>,
  actor: Actor | null,
  userId: number,
  change: { role?: string; disabled?: boolean },
  origin: Origin,
): Promise<{ displayName: string; role: Role; disabled: boolean }> {
  assertCanOnSite(actor, 'manageUsers');
  if (change.role !== undefined && !(ROLES as readonly string[]).includes(change.role)) throw badRequest(u.badRole);
  const role = change.role as Role | undefined;
  const now = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    // A write first: on SQLite it waits for another instance's transaction, where a read first would hold
    // a snapshot that the other's commit makes stale ("database is locked"); on PostgreSQL it waits likewise.
    await lockActiveAdmins(trx);
    const user = await findUserById(trx, userId);
    if (!user) throw notFound(u.notFound);
    const set = { role, disabled: change.disabled === undefined ? undefined : change.disabled ? 1 : 0 };
    if (!(await setUserAccessKeepingAnAdmin(trx, userId, set, now))) throw badRequest(u.lastAdmin);
    if (change.disabled) await deleteSessionsOfUser(trx, userId);
    const detail =
      role !== undefined
        ? `${user.email}: ${user.role} → ${role}`
        : `${user.email}: ${change.disabled ? 'khóa' : 'mở khóa'}`;
    await recordAudit(trx, {
      actor,
      action: role !== undefined ? 'user.role_change' : 'user.disable',
      entityType: 'user',
      entityId: userId,
      detail,
      now,
    });
    const event = authEventOf(user, role, change.disabled);
    if (event)
      await insertAuthEvent(
        trx,
        {
          userId,
          event: event.name,
          ip: origin.ip,
          detail: [event.detail, `by=${actor.id}`].filter(Boolean).join(' '),
        },
        now,
      );
    // What it was before: the page offers the way back.
    return { displayName: user.display_name, role: user.role, disabled: user.disabled === 1 };
  });
}

/** The auth event for an access change, or null when nothing actually changed. */
function authEventOf(user: { role: Role; disabled: number }, role: Role | undefined, disabled: boolean | undefined) {
  if (role !== undefined && role !== user.role) return { name: 'role_changed', detail: `from=${user.role} to=${role}` };
  if (disabled === true && user.disabled === 0) return { name: 'account_disabled', detail: '' };
  if (disabled === false && user.disabled === 1) return { name: 'account_enabled', detail: '' };
  return null;
}
