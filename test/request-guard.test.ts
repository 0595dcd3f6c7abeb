/** Regressions the HTTP fuzz test found: form routes that read a missing body, and NUL characters PostgreSQL cannot store. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { messages as m } from '../src/messages/vi.js';
import { backends } from './support/databases.js';
import { csrfFrom, ORIGIN } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`request guard (${dialect})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let articleId: number;
    let categoryId: number;
    before(async () => {
      t = await createTestApp(dialect);
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      articleId = (await makeArticle(t.site, { categoryId, status: 'draft' })).id;
      const admin = await signedIn(t, 'admin', 'Quản trị');
      const token = csrfFrom((await admin.client.get('/quan-tri/bai-viet/moi')).body);
      headers = {
        origin: ORIGIN,
        'x-csrf-token': token,
        cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      };
    });
    after(() => t.close());

    const post = (url: string, payload?: string, contentType?: string) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { ...headers, ...(contentType ? { 'content-type': contentType } : {}) },
        ...(payload === undefined ? {} : { payload }),
      });

    test('a state change with no body, or a JSON null, is a bad request, not a 500', async () => {
      const urls = [
        `/quan-tri/bai-viet/${articleId}/gui`,
        `/quan-tri/bai-viet/${articleId}/xuat-ban`,
        '/quan-tri/bai-viet',
        '/quan-tri/nguoi-dung',
        '/quan-tri/cai-dat',
        '/y-kien/1/sua',
        '/tai-khoan/ten',
      ];
      for (const url of urls) {
        for (const [payload, type] of [
          [undefined, undefined],
          ['null', 'application/json'],
          ['42', 'application/json'],
        ] as const) {
          const res = await post(url, payload, type);
          assert.ok(
            res.statusCode >= 400 && res.statusCode < 500,
            `${url} with ${payload ?? 'no body'}: ${res.statusCode}`,
          );
        }
      }
    });

    test('a NUL character in a field or a path is refused with a 400 and stored nowhere', async () => {
      const before = await t.database.handle.kysely.selectFrom('categories').select('name').execute();
      const form = new URLSearchParams({ name: 'Thời sự\u0000', slug: 'thoi-su', description: '' }).toString();
      for (const [url, payload] of [
        ['/quan-tri/chuyen-muc', form],
        ['/quan-tri/cai-dat', 'name=T%C3%AAn%00&description=x'],
        ['/tai-khoan/ten', 'displayName=A%00'],
      ]) {
        const res = await post(url!, payload, 'application/x-www-form-urlencoded');
        assert.equal(res.statusCode, 400, `${url}: ${res.body.slice(0, 200)}`);
        assert.ok(res.body.includes(m.requestErrors.nulCharacter));
      }
      const res = await t.app.inject('/tin-tuc%00');
      assert.equal(res.statusCode, 400);
      assert.deepEqual(await t.database.handle.kysely.selectFrom('categories').select('name').execute(), before);
      assert.equal(
        (await t.database.handle.kysely.selectFrom('settings').selectAll().execute()).some((r) =>
          JSON.stringify(r).includes('\\u0000'),
        ),
        false,
      );
    });

    test('a field sent twice (an array where the form has one value) is not a 500: repeated tags are all kept', async () => {
      const form = `title=B%C3%A0i+c%C3%B3+th%E1%BA%BB&sapo=&bodyHtml=%3Cp%3EN%E1%BB%99i+dung%3C%2Fp%3E&byline=&categoryId=${categoryId}&tags=khoa+h%E1%BB%8Dc&tags=c%C3%B4ng+ngh%E1%BB%87`;
      const res = await post('/quan-tri/bai-viet', form, 'application/x-www-form-urlencoded');
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const id = Number(/\/quan-tri\/bai-viet\/(\d+)/.exec(String(res.headers.location))?.[1]);
      const tags = await t.database.handle.kysely
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select('tags.name')
        .where('article_tags.article_id', '=', id)
        .orderBy('tags.name')
        .execute();
      assert.deepEqual(
        tags.map((r) => r.name),
        ['công nghệ', 'khoa học'],
      );
    });

    test('search keeps dropping control characters itself: the query string is not refused', async () => {
      assert.equal((await t.app.inject('/tim-kiem?q=a%00b')).statusCode, 200);
    });
  });
}
