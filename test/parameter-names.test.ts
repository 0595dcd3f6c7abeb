import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, csrfFrom, ORIGIN } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// The naming rule (README, Contributing): one word, one meaning; renamed parameters keep their old names working.
for (const dialect of backends()) {
  describe(`parameter names on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let offset = 0;
    let editor: Client;
    let article: { id: number; url: string };

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-names-'));
      t = await createTestApp(dialect, { now: () => new Date(Date.now() + offset), env: { DATA_DIR: dataDir } });
      article = await makeArticle(t.site, {
        categoryId: await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' }),
      });
      editor = (await signedIn(t, 'editor', 'Biên tập Chi')).client;
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('the moderation queue filters by the commenter’s name as ?ten=, and still as ?tac-gia=', async () => {
      for (const [i, name] of ['Phạm Bình', 'Vũ Cường'].entries()) {
        const guest = new Client(t.app);
        const page = await guest.get(article.url);
        offset += 10_000;
        const res = await guest.post('/y-kien', {
          articleId: String(article.id),
          _csrf: csrfFrom(page.body),
          name,
          email: `ten${i}@example.vn`,
          body: `Ý kiến của ${name}.`,
        });
        assert.ok(res.statusCode < 400, res.body.slice(0, 300));
      }
      for (const param of ['ten', 'tac-gia']) {
        const queue = await editor.get(`/quan-tri/y-kien?${param}=${encodeURIComponent('Vũ')}`);
        assert.equal(queue.statusCode, 200);
        assert.match(queue.body, /Vũ Cường/, param);
        assert.ok(!queue.body.includes('Phạm Bình'), param);
      }
      assert.match((await editor.get('/quan-tri/y-kien')).body, /name="ten"/, 'the filter form sends the new name');
    });

    test('the media library’s file field is `file`, and the old `tep` is still accepted', async () => {
      const page = await editor.get('/quan-tri/thu-vien');
      assert.match(page.body, /<input type="file" id="tep" name="file" required/);
      for (const field of ['file', 'tep']) {
        const form = new FormData();
        form.append('_csrf', csrfFrom((await editor.get('/quan-tri/thu-vien')).body));
        form.append(
          field,
          new Blob([new Uint8Array(Buffer.from(`%PDF-1.4\n% ${field}\n`))], { type: 'application/pdf' }),
          `${field}.pdf`,
        );
        const encoded = new Response(form);
        const res = await t.app.inject({
          method: 'POST',
          url: '/quan-tri/thu-vien',
          payload: Buffer.from(await encoded.arrayBuffer()),
          headers: {
            'content-type': encoded.headers.get('content-type')!,
            origin: ORIGIN,
            cookie: [...editor.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
        assert.equal(res.statusCode, 303, `${field}: ${res.body.slice(0, 300)}`);
        const stored = await t.database.handle.kysely
          .selectFrom('media')
          .select('original_name')
          .where('original_name', '=', `${field}.pdf`)
          .execute();
        assert.equal(stored.length, 1, field);
      }
    });
  });
}
