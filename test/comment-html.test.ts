import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { commentTextHtml } from '../src/comments/comment-text.js';
import { insertComment, renderStaleCommentHtml } from '../src/comments/comments.repo.js';
import { commentDeps } from '../src/comments/comments.service.js';
import { moderateComments } from '../src/comments/moderation.service.js';
import type { CommentHtml } from '../src/db/schema.js';
import { backends } from './support/databases.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { afterAction, Client, csrfFrom, withoutSiteScripts } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { xssCorpus } from './support/xss-corpus.js';

const PAYLOADS = xssCorpus();
/** What stored comment HTML may contain: paragraphs, breaks and http(s) links marked ugc. Anything else is escaped text. */
const ALLOWED_TAGS = /<\/?p>|<br>|<a href="https?:\/\/[^"<>]*" rel="nofollow ugc noopener">|<\/a>/g;

function commentBodies(page: string): string[] {
  return [...page.matchAll(/<div class="comment-body">(.*?)<\/div>/gs)].map((m) => m[1]!);
}

for (const dialect of backends()) {
  describe(`comment text from form to page on ${dialect}`, () => {
    let t: TestApp;
    let clockOffset = 0;
    let article: { id: number; url: string };
    let adminId: number;

    before(async () => {
      t = await createTestApp(dialect, {
        now: () => new Date(Date.now() + clockOffset),
        env: { COMMENT_IP_LIMIT: '100000', PAGE_CACHE_SECONDS: '600' },
      });
      const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId: cat, title: 'Bài thử văn bản ý kiến' });
      adminId = await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Quản trị' });
    });
    after(() => t.close());

    test('every XSS payload posted through the form is stored and shown escaped, and reads back as written', async () => {
      const guest = new Client(t.app);
      const token = csrfFrom((await guest.get(article.url)).body);
      clockOffset += 5000;
      for (const [i, p] of PAYLOADS.entries()) {
        const name = p.length <= 80 ? p : `Khách ${i}`;
        const res = await guest.post('/y-kien', {
          articleId: String(article.id),
          _csrf: token,
          name,
          email: `khach${i}@example.vn`,
          body: `${p} #${i}`,
        });
        // A payload with more than two links is refused by the spam rules, not stored.
        assert.ok(
          res.statusCode === 303 || (res.statusCode === 400 && res.body.includes('tối đa 2 liên kết')),
          `${p}: ${res.statusCode}`,
        );
      }
      const rows = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['id', 'body', 'body_html', 'body_html_version'])
        .execute();
      assert.ok(rows.length > PAYLOADS.length * 0.9, `${rows.length} of ${PAYLOADS.length} stored`);
      // The plain text as stored (normalised by the form's schema) is what the page must show.
      const written = new Map(rows.map((r) => [/ (#\d+)$/.exec(r.body)![1]!, r.body]));
      for (const r of rows) {
        assert.equal(r.body_html, commentTextHtml(r.body).value, 'written by the one renderer');
        assert.equal(Number(r.body_html_version), 1);
      }
      await moderateComments(
        commentDeps(t.site),
        { id: adminId, role: 'admin', displayName: 'Quản trị' },
        rows.map((r) => r.id).slice(0, 500),
        'approve',
      );
      if (rows.length > 500)
        await moderateComments(
          commentDeps(t.site),
          { id: adminId, role: 'admin', displayName: 'Quản trị' },
          rows.map((r) => r.id).slice(500),
          'approve',
        );

      const seen = new Set<string>();
      for (let page = 1; page <= Math.ceil(rows.length / 50); page++) {
        const res = await new Client(t.app).get(page === 1 ? article.url : `${article.url}?y-kien=${page}`);
        assert.equal(res.statusCode, 200);
        assert.doesNotMatch(withoutSiteScripts(res.body), /<script/i, 'the pages have no other script');
        for (const author of res.body.matchAll(/<span class="comment-author">(.*?)<\/span>/gs))
          assert.doesNotMatch(author[1]!, /[<>"']/, author[1]);
        for (const html of commentBodies(res.body)) {
          const rest = html.replace(ALLOWED_TAGS, '');
          assert.doesNotMatch(rest, /[<>"']/, html);
          // Read back as a browser would show it, the text is what the reader wrote.
          const text = html
            .replace(/<\/p><p>/g, '\n\n')
            .replace(/<br>/g, '\n')
            .replace(ALLOWED_TAGS, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, '&');
          const key = / (#\d+)$/.exec(text)?.[1];
          assert.ok(key && written.get(key) === text, text);
          seen.add(key);
        }
      }
      assert.equal(seen.size, written.size, 'every stored comment was on a page');
    });

    test('a row from an older renderer version is rendered again, and a current one is left alone', async () => {
      const db = t.database.handle.kysely;
      const [stale, current] = await db
        .selectFrom('comments')
        .select(['id', 'body', 'body_html'])
        .orderBy('id')
        .limit(2)
        .execute();
      await db
        .updateTable('comments')
        .set({ body_html: '<p>cũ</p>' as CommentHtml, body_html_version: 0 })
        .where('id', '=', stale!.id)
        .execute();
      assert.equal(await renderStaleCommentHtml(db), 1);
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'body_html', 'body_html_version'])
        .where('id', 'in', [stale!.id, current!.id])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.id, r.body_html, Number(r.body_html_version)]),
        [
          [stale!.id, commentTextHtml(stale!.body).value, 1],
          [current!.id, current!.body_html, 1],
        ],
      );
      assert.equal(await renderStaleCommentHtml(db), 0);
    });

    test('an edit stores the new text’s HTML beside it', async () => {
      const admin = new Client(t.app);
      await admin.logIn('quantri@example.vn', STAFF_PASSWORD);
      const { id } = await t.database.handle.kysely
        .selectFrom('comments')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const form = await admin.get(`/quan-tri/y-kien/${id}`);
      const res = await admin.post(`/quan-tri/y-kien/${id}/sua`, {
        body: 'Đã sửa: <b>đậm</b>\n\nXem https://example.vn/a?b=1&c=2.',
        _csrf: csrfFrom(form.body),
      });
      const page = await afterAction(admin, res, `/quan-tri/y-kien/${id}`, `Đã lưu nội dung ý kiến số ${id}.`);
      assert.match(
        page.body,
        /<textarea id="f-sua"[^>]*>Đã sửa: &lt;b&gt;đậm&lt;\/b&gt;/,
        'the saved text in its form',
      );
      const row = await t.database.handle.kysely
        .selectFrom('comments')
        .select(['body', 'body_html'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.body, 'Đã sửa: <b>đậm</b>\n\nXem https://example.vn/a?b=1&c=2.');
      assert.equal(
        row.body_html,
        '<p>Đã sửa: &lt;b&gt;đậm&lt;/b&gt;</p><p>Xem <a href="https://example.vn/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.vn/a?b=1&amp;c=2</a>.</p>',
      );
      assert.match((await new Client(t.app).get(article.url)).body, /Đã sửa: &lt;b&gt;đậm&lt;\/b&gt;/);
    });

    test('% and _ in the queue’s author search match only themselves', async () => {
      const db = t.database.handle.kysely;
      const now = new Date().toISOString();
      const base = {
        article_id: article.id,
        parent_id: null,
        user_id: null,
        author_email: null,
        status: 'pending' as const,
        is_official: 0,
        ip: '',
      };
      for (const [name, hash] of [
        ['Giảm 50% phí', 'l1'],
        ['Bạn_đọc', 'l2'],
        ['Bạn đọc thường', 'l3'],
      ] as const) {
        await insertComment(db, { ...base, author_name: name, body: `Ý kiến của ${name}`, content_hash: hash }, now);
      }
      const admin = new Client(t.app);
      await admin.logIn('quantri@example.vn', STAFF_PASSWORD);
      const found = async (q: string) => {
        const res = await admin.get(`/quan-tri/y-kien?tac-gia=${encodeURIComponent(q)}`);
        assert.equal(res.statusCode, 200);
        return ['Giảm 50% phí', 'Bạn_đọc', 'Bạn đọc thường'].filter((n) => res.body.includes(`Ý kiến của ${n}`));
      };
      assert.deepEqual(await found('%'), ['Giảm 50% phí']);
      assert.deepEqual(await found('_'), ['Bạn_đọc']);
      assert.deepEqual(await found('Bạn_'), ['Bạn_đọc']);
      assert.deepEqual(await found('Bạn'), ['Bạn_đọc', 'Bạn đọc thường']);
    });
  });
}
