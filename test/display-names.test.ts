import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../src/accounts/passwords.js';
import { insertComment } from '../src/comments/comments.repo.js';
import { STAFF_PASSWORD } from './support/accounts.js';
import { runCli } from './support/cli.js';
import { Client, csrfFrom } from './support/client.js';
import { backends } from './support/databases.js';
import { createTestApp, type TestApp } from './support/test-app.js';

function author(id: number, login: string, email: string, display: string, first = '', last = ''): string {
  return `<wp:author><wp:author_id>${id}</wp:author_id><wp:author_login><![CDATA[${login}]]></wp:author_login><wp:author_email><![CDATA[${email}]]></wp:author_email><wp:author_display_name><![CDATA[${display}]]></wp:author_display_name><wp:author_first_name><![CDATA[${first}]]></wp:author_first_name><wp:author_last_name><![CDATA[${last}]]></wp:author_last_name></wp:author>`;
}

function post(id: number, creator: string, slug: string, title: string): string {
  return `<item><title><![CDATA[${title}]]></title><link>https://cu.example.vn/${slug}/</link>
<dc:creator><![CDATA[${creator}]]></dc:creator><content:encoded><![CDATA[<p>Nội dung bài ${title}.</p>]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date_gmt>2024-05-01 01:00:00</wp:post_date_gmt><wp:post_name><![CDATA[${slug}]]></wp:post_name>
<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>
<category domain="category" nicename="thoi-su"><![CDATA[Thời sự]]></category></item>`;
}

// What WordPress writes for people who never typed a name: the login as display_name.
const EXPORT = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Sở thử nghiệm</title><link>https://cu.example.vn</link><wp:wxr_version>1.2</wp:wxr_version>
${author(1, 'PHONGVIEN', '', 'PHONGVIEN')}
${author(2, 'bientap', 'bientap@cu.example.vn', 'bientap', 'Hồng', 'Nguyễn Thị')}
${author(3, 'tv_an', 'thu.an@cu.example.vn', 'thu.an')}
<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[thoi-su]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Thời sự]]></wp:cat_name></wp:category>
${post(10, 'PHONGVIEN', 'mua-lu', 'Mùa lũ miền Trung')}
${post(11, 'bientap', 'le-hoi', 'Lễ hội pháo hoa')}
${post(12, 'tv_an', 'cho-noi', 'Chợ nổi Cái Răng')}
${post(13, 'khong-co', 'vo-danh', 'Bài không rõ tác giả')}
</channel></rss>
`;

const LOGINS = /PHONGVIEN|phongvien|bientap|thu\.an|tv_an|>WordPress</;

for (const dialect of backends()) {
  describe(`names shown are names, never logins or addresses (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    let urls: Map<number, string>;
    const user = (email: string) =>
      t.database.handle.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-names-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dir, PAGE_CACHE_SECONDS: '0' } });
      writeFileSync(path.join(dir, 'export.xml'), EXPORT);
      const res = await runCli(['import-wordpress', path.join(dir, 'export.xml'), '--json'], {
        DATABASE_URL: t.database.url,
        DATA_DIR: dir,
      });
      assert.equal(res.code, 0, res.stderr);
      const entries = res.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { wp_id: number; url: string });
      urls = new Map(entries.map((e) => [e.wp_id, e.url]));
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('an imported author is named by display name, else full name, else by role', async () => {
      assert.equal((await user('phongvien@wordpress.invalid')).display_name, 'Phóng viên');
      // Family name first, as Vietnamese names are written.
      assert.equal((await user('bientap@cu.example.vn')).display_name, 'Nguyễn Thị Hồng');
      assert.equal((await user('thu.an@cu.example.vn')).display_name, 'Phóng viên');
    });

    test('the public byline is the person’s name, or none at all', async () => {
      const reader = new Client(t.app);
      const named = await reader.get(urls.get(11)!);
      assert.equal(named.statusCode, 200);
      assert.match(named.body, /<p class="byline"><span class="visually-hidden">[^<]*<\/span>Nguyễn Thị Hồng<\/p>/);
      for (const wp of [10, 12, 13]) {
        const page = await reader.get(urls.get(wp)!);
        assert.equal(page.statusCode, 200);
        assert.doesNotMatch(page.body, /class="byline"/, `post ${wp}`);
        assert.doesNotMatch(page.body, LOGINS, `post ${wp}`);
      }
    });

    test('the newsroom header and a staff reply on the public page carry no login', async () => {
      const db = t.database.handle.kysely;
      const staff = await user('phongvien@wordpress.invalid');
      // An admin made them an editor and they set a password through their invitation.
      await db
        .updateTable('users')
        .set({ role: 'editor', password_hash: await hashPassword(t.config.passwordHashing, STAFF_PASSWORD) })
        .where('id', '=', staff.id)
        .execute();
      const editor = new Client(t.app);
      await editor.logIn('phongvien@wordpress.invalid', STAFF_PASSWORD);
      const home = await editor.get('/quan-tri');
      assert.match(home.body, /<a class="login-link account-name" href="\/tai-khoan">Phóng viên<\/a>/);
      assert.doesNotMatch(home.body, LOGINS);

      const article = await db
        .selectFrom('articles')
        .select('id')
        .where('title', '=', 'Lễ hội pháo hoa')
        .executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      const asked = await insertComment(
        db,
        {
          article_id: article.id,
          parent_id: null,
          user_id: null,
          author_name: 'Lê Thị Hoa',
          author_email: 'hoa@example.vn',
          body: 'Năm nay pháo hoa bắt đầu lúc mấy giờ?',
          status: 'approved',
          is_official: 0,
          ip: '',
          content_hash: 'hoa-1',
        },
        now,
      );
      const form = await editor.get(`/quan-tri/y-kien/${asked}`);
      const res = await editor.post(`/quan-tri/y-kien/${asked}/tra-loi`, {
        body: 'Chương trình bắt đầu lúc 20 giờ.',
        _csrf: csrfFrom(form.body),
      });
      assert.equal(res.statusCode, 303);
      const page = await new Client(t.app).get(urls.get(11)!);
      assert.match(
        page.body,
        /<li class="comment official"[^>]*>\s*<p class="comment-meta"><span class="comment-author">Phóng viên<\/span> <span class="badge">Ban biên tập<\/span>/,
      );
      assert.doesNotMatch(page.body, LOGINS);
    });
  });
}
