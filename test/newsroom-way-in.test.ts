import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { insertComment } from '../src/comments/comments.repo.js';
import { makeUser } from './support/accounts.js';
import { Client, withoutToken } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn, STAFF_PASSWORD } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`the way in and out of the newsroom on ${dialect}`, () => {
    let t: TestApp;
    let articlePath: string;
    let articleId: number;

    before(async () => {
      t = await createTestApp(dialect, { env: { PAGE_CACHE_SECONDS: '600' } });
      const categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
      const a = await makeArticle(t.site, { categoryId, title: 'Cầu mới nối hai bờ sông' });
      articleId = a.id;
      articlePath = a.url;
    });
    after(() => t.close());

    test('staff who sign in without a destination land in the newsroom; readers on the home page', async () => {
      await makeUser(t, { email: 'pv.landing@example.vn', role: 'author', password: STAFF_PASSWORD });
      await makeUser(t, { email: 'doc.landing@example.vn', role: 'reader', password: STAFF_PASSWORD });
      const staff = new Client(t.app);
      const res = await staff.logIn('pv.landing@example.vn', STAFF_PASSWORD);
      assert.equal(res.headers.location, '/quan-tri');
      // Already signed in: the sign-in page sends staff to work too.
      assert.equal((await staff.get('/dang-nhap')).headers.location, '/quan-tri');
      const reader = new Client(t.app);
      assert.equal((await reader.logIn('doc.landing@example.vn', STAFF_PASSWORD)).headers.location, '/');
      // An explicit destination still wins.
      const again = new Client(t.app);
      const page = await again.get('/dang-nhap?tiep=/tai-khoan');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const to = await again.post('/dang-nhap', {
        email: 'pv.landing@example.vn',
        password: STAFF_PASSWORD,
        tiep: '/tai-khoan',
        _csrf: token,
      });
      assert.equal(to.headers.location, '/tai-khoan');
    });

    test('an account made without a name is called by its role, never by its email address', async () => {
      await makeUser(t, { email: 'bientap@example.vn', role: 'editor', password: STAFF_PASSWORD });
      const row = await t.database.handle.kysely
        .selectFrom('users')
        .select('display_name')
        .where('email', '=', 'bientap@example.vn')
        .executeTakeFirstOrThrow();
      assert.equal(row.display_name, 'Biên tập viên');
    });

    test('the newsroom header names the person and offers sign-out, which ends the session', async () => {
      const { client } = await signedIn(t, 'author', 'Trần Thị Bình');
      const home = await client.get('/quan-tri');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<a class="login-link account-name" href="\/tai-khoan">Trần Thị Bình<\/a>/);
      assert.match(home.body, /<form method="post" action="\/dang-xuat"><input type="hidden" name="_csrf"/);
      const token = /action="\/dang-xuat"><input type="hidden" name="_csrf" value="([^"]+)"/.exec(home.body)![1]!;
      const out = await client.post('/dang-xuat', { _csrf: token });
      assert.equal(out.statusCode, 303);
      assert.equal((await client.get('/quan-tri')).statusCode, 303, 'signed out: back to the sign-in page');
    });

    test('staff see a bar with the newsroom links on public pages, and the cached page never carries it', async () => {
      const { client: editor } = await signedIn(t, 'editor', 'Lê Văn Cường');
      const guest = new Client(t.app);
      // A guest first, so the page is cached; then the editor; then a guest again from the cache.
      const before = await guest.get(articlePath);
      assert.equal(before.statusCode, 200);
      assert.doesNotMatch(before.body, /staff-bar/);
      const staffView = await editor.get(articlePath);
      assert.match(staffView.body, /<nav class="staff-bar"/);
      assert.match(staffView.body, new RegExp(`href="/quan-tri/bai-viet/${articleId}">Sửa bài này<`));
      assert.match(staffView.body, /href="\/quan-tri\/bai-viet\/moi">Viết bài mới</);
      // Nothing waits yet: no "0 waiting" link (the next test has one wait).
      assert.doesNotMatch(staffView.body, /ý kiến chờ duyệt/);
      assert.match(String(staffView.headers['cache-control']), /no-store/);
      const after = await guest.get(articlePath);
      assert.doesNotMatch(after.body, /staff-bar|Sửa bài này/);
      assert.equal(withoutToken(after.body), withoutToken(before.body), 'the guest still gets the cached copy');
      // Authors do not moderate: no count for them, but the rest of the bar.
      const { client: author } = await signedIn(t, 'author', 'Phạm Dung');
      const authorView = await author.get('/');
      assert.match(authorView.body, /staff-bar/);
      assert.doesNotMatch(authorView.body, /ý kiến chờ duyệt/);
      // Readers get no bar.
      const { client: reader } = await signedIn(t, 'reader', 'Bạn đọc Hoa');
      assert.doesNotMatch((await reader.get('/')).body, /staff-bar/);
    });

    test('the pending-comments banner shows only while comments wait', async () => {
      const { client: editor } = await signedIn(t, 'editor', 'Đỗ Minh');
      assert.doesNotMatch((await editor.get('/quan-tri')).body, /class="staff-note/);
      await insertComment(
        t.database.handle.kysely,
        {
          article_id: articleId,
          parent_id: null,
          user_id: null,
          author_name: 'Khách',
          author_email: null,
          body: 'Ý kiến chờ duyệt.',
          status: 'pending',
          is_official: 0,
          ip: '',
          content_hash: 'chờ-duyệt',
        },
        t.site.now().toISOString(),
      );
      assert.match((await editor.get('/quan-tri')).body, /class="staff-note[^>]*>.*1/s);
      // The staff bar on public pages counts it too, now that one waits.
      const bar = /<nav class="staff-bar".*?<\/nav>/s.exec((await editor.get(articlePath)).body)?.[0] ?? '';
      assert.match(bar, /<a href="\/quan-tri\/y-kien">1 ý kiến chờ duyệt<\/a>/);
    });
  });
}
