import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { knownMigrations, migrateTo, migrateToLatest } from '../src/db/migrate.js';
import { listForStaff } from '../src/newsroom/newsroom.repo.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';

// What later migrations do to rows written before them.
for (const dialect of backends()) {
  describe(`migrations over existing rows on ${dialect}`, () => {
    let d: TestDatabase;
    let articleId: number;
    let revisionId: number;
    let laterRevisionId: number;
    let awkwardComment: number;

    before(async () => {
      d = await createTestDatabase(dialect, { migrate: false });
      await migrateTo(d.handle, '006-totp-replay');
      const db = d.handle.kysely;
      const now = new Date().toISOString();
      const { id: categoryId } = await db
        .insertInto('categories')
        .values({
          slug: 'tin-tuc',
          name: 'Tin tức',
          description: '',
          parent_id: null,
          position: 1,
          in_menu: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Only the columns that existed then.
      ({ id: articleId } = await db
        .insertInto('articles')
        .values({
          title: 'Hội thảo Chuyển đổi số',
          slug: 'hoi-thao',
          sapo: '',
          body_html: '<p>Cũ.</p>',
          byline: null,
          status: 'draft',
          category_id: categoryId,
          root_category_id: categoryId,
          published_at: null,
          created_at: now,
          updated_at: now,
          import_key: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
      const revision = async (version: number, body: string) =>
        (
          await db
            .insertInto('article_revisions')
            .values({
              article_id: articleId,
              article_version: version,
              title: 'Hội thảo Chuyển đổi số',
              sapo: '',
              body_html: body,
              actor_id: null,
              actor_name: 'An',
              note: '',
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      revisionId = await revision(1, '<p>Cũ.</p>');
      // A later revision as the old code labelled it: by the article's version, workflow steps leaving gaps.
      laterRevisionId = await revision(4, '<p>Mới.</p>');
      // Two approved top-level comments, one approved reply, one held: the page count must see two.
      const comment = (parentId: number | null, status: 'approved' | 'pending', i: number) =>
        db
          .insertInto('comments')
          .values({
            article_id: articleId,
            parent_id: parentId,
            user_id: null,
            author_name: 'Bạn đọc',
            author_email: null,
            body: `Ý kiến ${i}`,
            status,
            is_official: 0,
            ip: '',
            content_hash: `m${i}`,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const { id: firstComment } = await comment(null, 'approved', 1);
      await comment(null, 'approved', 2);
      await comment(firstComment, 'approved', 3);
      await comment(null, 'pending', 4);
      ({ id: awkwardComment } = await db
        .insertInto('comments')
        .values({
          article_id: articleId,
          parent_id: null,
          user_id: null,
          author_name: 'Bạn đọc',
          author_email: null,
          body: 'Một <b>"đậm"</b> & \'x\'\nhai\n\nXem http://a.example/?q=1&r=2.',
          status: 'pending',
          is_official: 0,
          ip: '',
          content_hash: 'm5',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow());
      const applied = await migrateToLatest(d.handle);
      for (const name of [
        '008-revision-fields',
        '009-staff-article-list',
        '013-top-level-comment-count',
        '014-comment-html',
        '046-revision-numbers',
      ])
        assert.ok(applied.includes(name), `${name} ran over the old rows`);
    });
    after(() => d.drop());

    test('008 leaves older revisions without the fields they never recorded', async () => {
      const rev = await d.handle.kysely
        .selectFrom('article_revisions')
        .selectAll()
        .where('id', '=', revisionId)
        .executeTakeFirstOrThrow();
      assert.equal(rev.category_id, null);
      assert.equal(rev.tags, null);
      assert.equal(rev.title, 'Hội thảo Chuyển đổi số');
    });

    test('046 numbers the existing revisions of each article 1, 2… in the order they were written', async () => {
      const rows = await d.handle.kysely
        .selectFrom('article_revisions')
        .select(['id', 'revision_number'])
        .where('article_id', '=', articleId)
        .orderBy('id')
        .execute();
      assert.deepEqual(rows, [
        { id: revisionId, revision_number: 1 },
        { id: laterRevisionId, revision_number: 2 },
      ]);
    });

    test('009 fills the title key of existing articles, so the title search finds them', async () => {
      const row = await d.handle.kysely
        .selectFrom('articles')
        .select('title_key')
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow();
      assert.equal(row.title_key, 'hoi thao chuyen doi so');
      const found = await listForStaff(d.handle.kysely, { titleKey: 'chuyen doi' }, { limit: 10, offset: 0 });
      assert.deepEqual(
        found.map((a) => a.id),
        [articleId],
      );
    });

    test('014 stores each comment’s HTML beside its text, as the renderer of version 1 wrote it', async () => {
      const rows = await d.handle.kysely
        .selectFrom('comments')
        .select(['id', 'body_html', 'body_html_version'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => Number(r.body_html_version)),
        [1, 1, 1, 1, 1],
      );
      assert.deepEqual(
        rows.slice(0, 4).map((r) => r.body_html),
        ['<p>Ý kiến 1</p>', '<p>Ý kiến 2</p>', '<p>Ý kiến 3</p>', '<p>Ý kiến 4</p>'],
      );
      assert.equal(
        rows.find((r) => r.id === awkwardComment)?.body_html,
        '<p>Một &lt;b&gt;&quot;đậm&quot;&lt;/b&gt; &amp; &#39;x&#39;<br>hai</p><p>Xem <a href="http://a.example/?q=1&amp;r=2" rel="nofollow ugc noopener">http://a.example/?q=1&amp;r=2</a>.</p>',
      );
    });

    test('013 counts the approved top-level comments already there', async () => {
      const row = await d.handle.kysely
        .selectFrom('articles')
        .select('top_comment_count')
        .where('id', '=', articleId)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.top_comment_count), 2);
    });
  });
}

test('migrations are listed in the order of their numbers, so every database runs them in the same order', () => {
  const names = knownMigrations();
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names.map((n) => n.slice(0, 3))).size, names.length, 'no number used twice');
});
