import type { Kysely } from 'kysely';

/*
 * Staff accounts named after their login or the start of their email address
 * ("PHONGVIEN", "bientap") get their role's name instead, as an account made
 * without a name does today: importers and the first user command used to
 * fall back to the address, and WordPress writes the login as the display
 * name of someone who never typed one. The same words copied onto what the
 * public and the newsroom read are corrected with it: the person's replies
 * and comments, the audit log, and the bylines of their articles (left empty:
 * a role is not a byline). Readers are left alone: they chose their names.
 * A frozen copy of src/accounts/person-name.ts isLoginLike (email half: the
 * login is not stored); a migration never imports the code of its day.
 */

const ROLE_NAMES: Record<string, string> = { author: 'Phóng viên', editor: 'Biên tập viên', admin: 'Quản trị viên' };

const loginKey = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[._+-]/g, '');

export function isAddressName(name: string, email: string): boolean {
  const key = loginKey(name);
  const local = loginKey(email.split('@')[0] ?? '');
  return !key || key === local;
}

interface Tables {
  users: { id: number; email: string; display_name: string; role: string };
  comments: { user_id: number | null; author_name: string };
  audit_log: { actor_id: number | null; actor_name: string };
  articles: { author_id: number | null; byline: string | null };
}

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const db = untyped as unknown as Kysely<Tables>;
  const staff = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role'])
    .where('role', 'in', Object.keys(ROLE_NAMES))
    .execute();
  for (const u of staff) {
    if (!isAddressName(u.display_name, u.email)) continue;
    const name = ROLE_NAMES[u.role]!;
    const old = u.display_name;
    await db.updateTable('users').set({ display_name: name }).where('id', '=', u.id).execute();
    await db
      .updateTable('comments')
      .set({ author_name: name })
      .where('user_id', '=', u.id)
      .where('author_name', '=', old)
      .execute();
    await db
      .updateTable('audit_log')
      .set({ actor_name: name })
      .where('actor_id', '=', u.id)
      .where('actor_name', '=', old)
      .execute();
    await db
      .updateTable('articles')
      .set({ byline: '' })
      .where('author_id', '=', u.id)
      .where('byline', '=', old)
      .execute();
  }
}
