import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, UserRole } from '../db/schema.js';
import { containsText } from '../db/text-match.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserListRow {
  id: number;
  email: string;
  display_name: string;
  role: UserRole;
  disabled: number;
  password_hash: string | null;
  created_at: string;
}

export type UserState = 'active' | 'disabled' | 'pending';

/** What the people list can be narrowed to. */
export interface UserFilter {
  role?: UserRole;
  state?: UserState;
  /** Matched anywhere in the name or the email, % and _ taken literally. */
  text?: string;
}

function filtered(db: Db, f: UserFilter) {
  let q = db.selectFrom('users');
  if (f.role) q = q.where('role', '=', f.role);
  if (f.state === 'disabled') q = q.where('disabled', '=', 1);
  if (f.state === 'active') q = q.where('disabled', '=', 0).where('password_hash', 'is not', null);
  if (f.state === 'pending') q = q.where('disabled', '=', 0).where('password_hash', 'is', null);
  if (f.text) {
    const text = f.text;
    q = q.where((eb) => eb.or([containsText('display_name', text), containsText('email', text)]));
  }
  return q;
}

/** Written as in the index, so that both databases match the one to the other. */
const LIST_ORDER = sql`case role when 'admin' then 0 when 'editor' then 1 when 'author' then 2 else 3 end`;

/** Staff first (admins, editors, authors), then readers, by name: the order of the index users_list_order (migration 051). */
export function listUsers(db: Db, f: UserFilter, page: { limit: number; offset: number }): Promise<UserListRow[]> {
  return listUsersQuery(db, f, page).execute();
}

/** The list's statement, also for the test that asks each database how it reads it. */
export function listUsersQuery(db: Db, f: UserFilter, page: { limit: number; offset: number }) {
  return filtered(db, f)
    .select(['id', 'email', 'display_name', 'role', 'disabled', 'password_hash', 'created_at'])
    .orderBy(LIST_ORDER)
    .orderBy('display_name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset);
}

export async function countUsers(db: Db, f: UserFilter): Promise<number> {
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Write-locks every active admin's row with an update that changes nothing.
 * On PostgreSQL a second transaction doing the same waits here until the
 * first commits, and its next statement then sees that commit; SQLite runs
 * one write transaction at a time anyway. Without this, two demotions of two
 * different admins each see the other still an admin, and both pass.
 */
export async function lockActiveAdmins(db: Db): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .execute();
}

/**
 * Changes a user's role or lock. When the change takes admin rights away, the
 * same statement requires, in its WHERE, that the user is not an active admin
 * or that another active admin remains: one statement decides, after
 * lockActiveAdmins. Returns false when it refused (or the user is gone).
 */
export async function setUserAccessKeepingAnAdmin(
  db: Db,
  id: number,
  set: { role?: UserRole; disabled?: number },
  now: string,
): Promise<boolean> {
  const takesAdminAway = (set.role !== undefined && set.role !== 'admin') || set.disabled === 1;
  let update = db
    .updateTable('users')
    .set({ ...set, updated_at: now })
    .where('id', '=', id);
  if (takesAdminAway) {
    update = update.where((eb) =>
      eb.or([
        eb('role', '!=', 'admin'),
        eb('disabled', '!=', 0),
        eb.exists(
          eb
            .selectFrom('users as other')
            .select('other.id')
            .where('other.role', '=', 'admin')
            .where('other.disabled', '=', 0)
            .whereRef('other.id', '!=', 'users.id'),
        ),
      ]),
    );
  }
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Everyone who can write (authors and up), by name: the newsroom's author filter. */
export function listStaffNames(db: Db): Promise<{ id: number; display_name: string }[]> {
  return db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', 'in', ['author', 'editor', 'admin'])
    .orderBy('display_name')
    .orderBy('id')
    .limit(1000)
    .execute();
}
