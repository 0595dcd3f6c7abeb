import type { Kysely, Transaction } from 'kysely';
import type { Database, UserRole } from '../db/schema.js';

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

export function listUsers(db: Db): Promise<UserListRow[]> {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'disabled', 'password_hash', 'created_at'])
    .orderBy('role', 'desc')
    .orderBy('display_name')
    .limit(1000)
    .execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function setUserAccess(db: Db, id: number, set: { role?: UserRole; disabled?: number }, now: string): Promise<void> {
  await db.updateTable('users').set({ ...set, updated_at: now }).where('id', '=', id).execute();
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
