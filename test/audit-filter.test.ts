import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from './support/client.js';
import { backends } from './support/databases.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`audit log filters on ${dialect}`, () => {
    let t: TestApp;
    let admin: Client;
    let editorId: number;
    let authorId: number;

    before(async () => {
      t = await createTestApp(dialect);
      admin = (await signedIn(t, 'admin', 'Nguyễn Quản Trị')).client;
      editorId = (await signedIn(t, 'editor', 'Lê Biên Tập')).id;
      authorId = (await signedIn(t, 'author', 'Trần Phóng Viên')).id;
      const row = (actor: number, name: string, action: string, detail: string, at: string) => ({
        actor_id: actor,
        actor_name: name,
        action,
        entity_type: 'article',
        entity_id: 1,
        detail,
        created_at: at,
      });
      await t.database.handle.kysely
        .insertInto('audit_log')
        .values([
          // 23:30 on 30/11 in Vietnam: the last minutes of November.
          row(authorId, 'Trần Phóng Viên', 'article.submit', 'Bài tháng mười một', '2026-11-30T16:30:00.000Z'),
          // 00:10 on 01/12 in Vietnam, but 30 November in UTC: the day boundary is Vietnam's.
          row(editorId, 'Lê Biên Tập', 'article.publish', 'Bài đầu tháng', '2026-11-30T17:10:00.000Z'),
          row(authorId, 'Trần Phóng Viên', 'article.submit', 'Bài giữa tháng', '2026-12-15T03:00:00.000Z'),
          row(editorId, 'Lê Biên Tập', 'article.publish', 'Bài cuối năm', '2026-12-31T16:59:00.000Z'),
        ])
        .execute();
    });
    after(() => t?.close());

    const titles = (body: string) => [...body.matchAll(/“(Bài [^”]+)”/g)].map((m) => m[1]);

    test('user, action and Vietnam-time date range narrow the page and the CSV alike', async () => {
      const all = await admin.get('/quan-tri/nhat-ky');
      assert.deepEqual(titles(all.body), ['Bài cuối năm', 'Bài giữa tháng', 'Bài đầu tháng', 'Bài tháng mười một']);
      assert.doesNotMatch(all.body, /article\.[a-z_]+/, 'no codes, not even as option values');
      assert.match(all.body, /<select id="nguoi" name="nguoi">.*Lê Biên Tập.*Trần Phóng Viên/s);

      const byUser = await admin.get(`/quan-tri/nhat-ky?nguoi=${editorId}`);
      assert.deepEqual(titles(byUser.body), ['Bài cuối năm', 'Bài đầu tháng']);
      assert.match(byUser.body, new RegExp(`<option value="${editorId}" selected>Lê Biên Tập</option>`));

      const byAction = await admin.get('/quan-tri/nhat-ky?hanh-dong=gui-bai');
      assert.deepEqual(titles(byAction.body), ['Bài giữa tháng', 'Bài tháng mười một']);

      const december = '/quan-tri/nhat-ky?tu=01/12/2026&den=31/12/2026';
      const page = await admin.get(december);
      assert.deepEqual(titles(page.body), ['Bài cuối năm', 'Bài giữa tháng', 'Bài đầu tháng']);
      assert.match(page.body, /value="01\/12\/2026"/);
      // The export link carries the same filter, and the CSV holds exactly those rows.
      const link = /href="(\/quan-tri\/nhat-ky\.csv[^"]*)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
      const csv = await admin.get(link);
      assert.equal(csv.statusCode, 200);
      assert.deepEqual(titles(csv.body), ['Bài cuối năm', 'Bài giữa tháng', 'Bài đầu tháng']);

      const combined = await admin.get(`/quan-tri/nhat-ky.csv?nguoi=${authorId}&hanh-dong=gui-bai&tu=1/12/2026`);
      assert.deepEqual(titles(combined.body), ['Bài giữa tháng']);
      const oneDay = await admin.get('/quan-tri/nhat-ky?tu=30/11/2026&den=30/11/2026');
      assert.deepEqual(titles(oneDay.body), ['Bài tháng mười một']);
      const none = await admin.get('/quan-tri/nhat-ky?tu=01/01/2027');
      assert.match(none.body, /Không có thao tác nào khớp bộ lọc\./);
    });

    test('a bad filter is a 400 with a Vietnamese message, on the page and the CSV', async () => {
      const cases: [string, RegExp][] = [
        ['tu=2026-12-01', /Ngày phải viết theo dạng dd\/mm\/yyyy/],
        ['den=31/02/2026', /Ngày phải viết theo dạng dd\/mm\/yyyy/],
        ['tu=01/12/2026%20l%E1%BB%97i', /Ngày phải viết theo dạng dd\/mm\/yyyy/],
        ['tu=02/12/2026&den=01/12/2026', /“Từ ngày” phải trước hoặc trùng “Đến ngày”\./],
        ['nguoi=abc', /Người thực hiện không hợp lệ\./],
        ['hanh-dong=article.submit', /Thao tác cần lọc không hợp lệ\./],
      ];
      for (const [qs, message] of cases) {
        const page = await admin.get(`/quan-tri/nhat-ky?${qs}`);
        assert.equal(page.statusCode, 400, qs);
        assert.match(page.body, message, qs);
        assert.deepEqual(titles(page.body), [], `${qs}: no entries under a refused filter`);
        const csv = await admin.get(`/quan-tri/nhat-ky.csv?${qs}`);
        assert.equal(csv.statusCode, 400, `${qs} (CSV)`);
        assert.match(csv.body, message, `${qs} (CSV)`);
      }
    });
  });
}
