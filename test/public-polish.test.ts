/**
 * The public site's small daily things, by HTTP on each back end: "Đăng ký" beside "Đăng nhập", the comment
 * notice the article shows in place (comments.js) and the search page's dd/mm/yyyy date filters.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { afterComment, Client, commentNoticeIn, csrfFrom } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BAD_DAY = /Ngày không hợp lệ: hãy viết ngày\/tháng\/năm, ví dụ 23\/05\/2024, và là một ngày có thật\./;

for (const dialect of backends()) {
  describe(`public polish on ${dialect}`, () => {
    let t: TestApp;
    let articleUrl: string;
    let articleId: number;
    // The comment form refuses posts made faster than a person types: the clock moves on instead of the test waiting.
    let offset = 0;

    before(async () => {
      t = await createTestApp(dialect, { now: () => new Date(Date.now() + offset) });
      const categoryId = await makeCategory(t.site, { slug: 'su-kien', name: 'Sự kiện' });
      const feb = await makeArticle(t.site, {
        categoryId,
        title: 'Hội chợ công nghệ tháng Hai',
        body: '<p>Hội chợ công nghệ mở cửa.</p>',
        // 23:30 on 29/02 in Vietnam is still February there, though it is 16:30 UTC.
        publishedAt: '2024-02-29T16:30:00.000Z',
      });
      await makeArticle(t.site, {
        categoryId,
        title: 'Hội chợ công nghệ tháng Ba',
        body: '<p>Hội chợ công nghệ lần hai.</p>',
        publishedAt: '2024-03-01T03:00:00.000Z',
      });
      articleUrl = feb.url;
      articleId = feb.id;
    });
    after(() => t.close());

    test('a guest sees Đăng ký beside Đăng nhập; a signed-in reader sees neither', async () => {
      const home = await new Client(t.app).get('/');
      assert.match(
        home.body,
        /<div class="header-account">[\s\S]*<a class="login-link" href="\/dang-nhap">Đăng nhập<\/a><a class="login-link" href="\/dang-ky">Đăng ký<\/a>/,
      );
      const reader = (await signedIn(t, 'reader', 'Bạn đọc Hoa')).client;
      const own = (await reader.get('/')).body;
      assert.ok(!own.includes('href="/dang-ky"'), 'no sign-up link for someone signed in');
      assert.match(own, /<a class="login-link account-name" href="\/tai-khoan">Bạn đọc Hoa<\/a>/);
    });

    test('the article carries the comment script; the answer to a post holds the notice it shows in place', async () => {
      const guest = new Client(t.app);
      const page = await guest.get(articleUrl);
      assert.match(
        page.body,
        /<form class="comment-form" id="gui-y-kien"[\s\S]*<script src="\/assets\/comments\.[0-9a-f]{12}\.js" defer><\/script>/,
      );
      offset += 10_000;
      const res = await guest.post('/y-kien', {
        articleId: String(articleId),
        _csrf: csrfFrom(page.body),
        name: 'Nguyễn Thị Mai',
        email: 'mai@example.vn',
        body: 'Hội chợ rất bổ ích, mong năm sau mở thêm ngày.',
      });
      // Without scripts the reader is sent back to the article, at the notice above its emptied form.
      const back = await afterComment(guest, res, articleUrl);
      const notice = commentNoticeIn(back.body);
      assert.ok(notice, 'the part the article shows in place');
      assert.match(notice, /<p class="form-notice" role="status">Ý kiến của bạn đang chờ duyệt/);
      assert.match(notice, /Bạn có thể sửa hoặc xóa ý kiến này trong 10 phút/);
      assert.match(
        back.body,
        /<section class="own-comments"[\s\S]*<a href="\/y-kien\/\d+\/sua">Sửa<\/a>[\s\S]*id="y-kien-da-gui"/,
        'its author may still fix it, in their own list just above',
      );
      assert.ok(back.body.indexOf('id="y-kien-da-gui"') < back.body.indexOf('id="gui-y-kien"'), 'above the form');
    });

    test('search dates are typed dd/mm/yyyy, shown back so, and kept in the page links', async () => {
      const guest = new Client(t.app);
      const titles = (body: string) =>
        [...body.matchAll(/<h2 class="teaser-title"><a [^>]*>([\s\S]*?)<\/a>/g)].map((m) =>
          m[1]!.replace(/<[^>]+>/g, ''),
        );
      const feb = await guest.get('/tim-kiem?q=h%E1%BB%99i+ch%E1%BB%A3&tu=01/02/2024&den=29/2/2024');
      assert.equal(feb.statusCode, 200);
      assert.deepEqual(titles(feb.body), ['Hội chợ công nghệ tháng Hai']);
      assert.match(feb.body, /<input type="text" name="tu" value="01\/02\/2024" inputmode="numeric"/);
      assert.match(
        feb.body,
        /<input type="text" name="den" value="29\/02\/2024"[^>]*pattern="\\d\{1,2\}\/\\d\{1,2\}\/\\d\{4\}"/,
      );
      assert.match(
        feb.body,
        /<small id="search-day-hint" class="hint">Viết ngày\/tháng\/năm, ví dụ 23\/05\/2024\.<\/small>/,
      );

      // A link from before the page took dd/mm/yyyy still works, and the form shows the day the new way.
      const old = await guest.get('/tim-kiem?q=h%E1%BB%99i+ch%E1%BB%A3&tu=2024-03-01');
      assert.deepEqual(titles(old.body), ['Hội chợ công nghệ tháng Ba']);
      assert.match(old.body, /name="tu" value="01\/03\/2024"/);

      for (const bad of ['31/02/2024', '1/13/2024', '2024/03/01', 'h%C3%B4m+qua', '2024-02-30', '00/01/2024']) {
        const res = await guest.get(`/tim-kiem?q=h%E1%BB%99i&tu=${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.match(res.body, BAD_DAY, bad);
      }
      assert.equal((await guest.get('/tim-kiem?q=h%E1%BB%99i&den=')).statusCode, 200, 'an empty field is no filter');
    });
  });
}
