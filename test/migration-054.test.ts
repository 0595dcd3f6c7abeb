import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { isLoginLike } from '../src/accounts/person-name.js';
import { isAddressName } from '../src/db/migrations/054-names-not-logins.js';
import { migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

// The migration keeps its own copy of the rule; until the rule is meant to change, both must agree.
test('the frozen address rule of migration 054 matches isLoginLike', () => {
  const cases: [string, string][] = [
    ['bientap', 'bientap@cu.example.vn'],
    ['PHONGVIEN', 'phongvien@wordpress.invalid'],
    ['a_', 'a@example.vn'],
    ['thu.an', 'thu-an@example.vn'],
    ['Nguyễn Văn A', 'nguyenvana@example.vn'],
    ['Van A', 'vana@example.vn'],
    ['', 'x@example.vn'],
    ['an', ' an @example.vn'],
  ];
  for (const [name, email] of cases)
    assert.equal(isAddressName(name, email), isLoginLike(name, undefined, email), `${name} <${email}>`);
  fc.assert(
    fc.property(fc.string(), fc.string(), (name, local) => {
      const email = `${local.replace(/@/g, '')}@example.vn`;
      return isAddressName(name, email) === isLoginLike(name, undefined, email);
    }),
  );
});

for (const dialect of backends()) {
  describe(`054 over staff named after their address on ${dialect}`, () => {
    let d: TestDatabase;

    before(async () => {
      d = await createTestDatabase(dialect, { migrate: false });
      await migrateTo(d.handle, '052-revision-featured');
      const db = d.handle.kysely;
      const now = new Date().toISOString();
      const user = (id: number, email: string, name: string, role: string) =>
        sql`insert into users (id, email, display_name, role, created_at, updated_at)
          values (${id}, ${email}, ${name}, ${role}, ${now}, ${now})`.execute(db);
      await user(1, 'bientap@cu.example.vn', 'bientap', 'editor'); // a WordPress login
      await user(2, 'phongvien@wordpress.invalid', 'PHONGVIEN', 'author');
      await user(3, 'a@example.vn', 'a_', 'admin'); // the first user command padded a short address
      await user(4, 'nguyenvana@example.vn', 'Nguyễn Văn A', 'editor');
      await user(5, 'minhtuan@example.vn', 'minhtuan', 'reader'); // a reader chose it
      await sql`insert into categories (id, slug, name, created_at, updated_at)
        values (1, 'tin-tuc', 'Tin tức', ${now}, ${now})`.execute(db);
      const article = (id: number, author: number, byline: string) =>
        sql`insert into articles (id, title, slug, status, category_id, root_category_id, created_at, updated_at, body_html, author_id, byline)
          values (${id}, ${`Bài ${id}`}, ${`bai-${id}`}, 'published', 1, 1, ${now}, ${now}, '<p>x</p>', ${author}, ${byline})`.execute(
          db,
        );
      await article(1, 2, 'PHONGVIEN');
      await article(2, 2, 'Theo TTXVN'); // a byline the writer typed stays
      await article(3, 4, 'Nguyễn Văn A');
      const comment = (id: number, parent: number | null, user: number | null, name: string, official: number) =>
        sql`insert into comments (id, article_id, parent_id, user_id, author_name, body, body_html, body_html_version, status, is_official, content_hash, created_at, updated_at)
          values (${id}, 1, ${parent}, ${user}, ${name}, 'Nội dung ý kiến', '<p>Nội dung ý kiến</p>', 1, 'approved', ${official}, 'h', ${now}, ${now})`.execute(
          db,
        );
      await comment(1, null, null, 'bientap', 0); // a guest who happens to write the same word
      await comment(2, 1, 1, 'bientap', 1);
      await comment(3, 1, 4, 'Nguyễn Văn A', 1);
      const audit = (id: number, actor: number, name: string) =>
        sql`insert into audit_log (id, actor_id, actor_name, action, entity_type, entity_id, detail, created_at)
          values (${id}, ${actor}, ${name}, 'article.publish', 'article', 1, 'Bài 1', ${now})`.execute(db);
      await audit(1, 1, 'bientap');
      await audit(2, 4, 'Nguyễn Văn A');
      await migrateToLatest(d.handle);
    });
    after(() => d.drop());

    const rows = async <T>(query: ReturnType<typeof sql<T>>) =>
      (await query.execute(d.handle.kysely)).rows.map((r) =>
        Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, typeof v === 'string' ? v : Number(v)])),
      );

    test('staff named after their login or address are called by their role; names and readers are kept', async () => {
      assert.deepEqual(await rows(sql`select id, display_name from users order by id`), [
        { id: 1, display_name: 'Biên tập viên' },
        { id: 2, display_name: 'Phóng viên' },
        { id: 3, display_name: 'Quản trị viên' },
        { id: 4, display_name: 'Nguyễn Văn A' },
        { id: 5, display_name: 'minhtuan' },
      ]);
    });

    test('their replies, log entries and bylines lose the login too; other people’s words stay', async () => {
      assert.deepEqual(await rows(sql`select id, author_name from comments order by id`), [
        { id: 1, author_name: 'bientap' },
        { id: 2, author_name: 'Biên tập viên' },
        { id: 3, author_name: 'Nguyễn Văn A' },
      ]);
      assert.deepEqual(await rows(sql`select id, actor_name from audit_log order by id`), [
        { id: 1, actor_name: 'Biên tập viên' },
        { id: 2, actor_name: 'Nguyễn Văn A' },
      ]);
      assert.deepEqual(await rows(sql`select id, byline from articles order by id`), [
        { id: 1, byline: '' },
        { id: 2, byline: 'Theo TTXVN' },
        { id: 3, byline: 'Nguyễn Văn A' },
      ]);
    });
  });
}
