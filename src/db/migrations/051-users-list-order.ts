import { sql, type Kysely } from 'kysely';

// The people list is sorted staff first (admins, editors, authors), then readers, by name: this index holds
// that order (the same expression as src/accounts/user-admin.repo.ts listUsers), so a page of the list is read
// from it instead of sorting every account. Both SQLite and PostgreSQL index an expression.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('users_list_order')
    .on('users')
    .expression(
      sql`(case role when 'admin' then 0 when 'editor' then 1 when 'author' then 2 else 3 end), display_name, id`,
    )
    .execute();
}
