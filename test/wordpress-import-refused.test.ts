import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { runCli } from './support/cli.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

function post(id: number, title: string): string {
  return `<item><title><![CDATA[${title}]]></title><link>https://cu.example.vn/?p=${id}</link>
<dc:creator>bientap</dc:creator><content:encoded><![CDATA[Nội dung bài ${id}.]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2024-05-0${id % 9} 01:00:00</wp:post_date_gmt><wp:post_name>bai-${id}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>${id * 10}</wp:comment_id><wp:comment_author><![CDATA[Bạn đọc]]></wp:comment_author><wp:comment_date_gmt>2024-05-09 01:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[Ý kiến về bài ${id}.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment></item>`;
}

const EXPORT = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Sở thử nghiệm</title><link>https://cu.example.vn</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>bientap</wp:author_login><wp:author_email>bientap@cu.example.vn</wp:author_email><wp:author_display_name><![CDATA[Ban biên tập]]></wp:author_display_name></wp:author>
${post(1, 'Bài một được nhận')}
${post(2, 'Bài hai bị từ chối')}
${post(3, 'Bài ba được nhận')}
</channel></rss>
`;

for (const dialect of backends()) {
  describe(`a WordPress post the database refuses (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-wp-refused-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dir } });
      writeFileSync(path.join(dir, 'posts.xml'), EXPORT);
      // The database itself refuses one article, as a constraint would: the batch's statements fail with it.
      const db = t.database.handle.kysely;
      if (dialect === 'sqlite')
        await sql`create trigger refuse_one before insert on articles when new.title like '%từ chối%'
          begin select raise(abort, 'refused by the test'); end`.execute(db);
      else {
        await sql`create function refuse_one() returns trigger language plpgsql as $$
          begin if new.title like '%từ chối%' then raise exception 'refused by the test'; end if; return new; end $$`.execute(
          db,
        );
        await sql`create trigger refuse_one before insert on articles for each row execute function refuse_one()`.execute(
          db,
        );
      }
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('rolls back alone: the other posts, their comments and redirects are written, and it is reported', async () => {
      const res = await runCli(['import-wordpress', path.join(dir, 'posts.xml'), '--json'], {
        DATABASE_URL: t.database.url,
        DATA_DIR: dir,
      });
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(
        res.stdout
          .trim()
          .split('\n')
          .map((l) => (JSON.parse(l) as { wp_id: number }).wp_id),
        [1, 3],
      );
      assert.match(res.stderr, /post: 2 created/);
      assert.match(res.stderr, /comment: 2 created/, 'the refused post’s comment is not counted');
      assert.match(res.stderr, /skipped 1 × post: 2: .*refused by the test/);
      const db = t.database.handle.kysely;
      const articles = await db.selectFrom('articles').select(['title', 'comment_count']).orderBy('title').execute();
      assert.deepEqual(
        articles.map((a) => [a.title, Number(a.comment_count)]),
        [
          ['Bài ba được nhận', 1],
          ['Bài một được nhận', 1],
        ],
      );
      const redirects = await db.selectFrom('redirects').select('old_path').orderBy('old_path').execute();
      assert.deepEqual(
        redirects.map((r) => r.old_path),
        ['/?p=1', '/?p=3'],
      );
    });
  });
}
