import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { afterAction, csrfFrom, ORIGIN, type Client } from './support/client.js';
import { backends } from './support/databases.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const MB = 1024 * 1024;

/** A browser's multipart body for the library form, encoded by Node's own FormData. */
async function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer; type?: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file)
    form.append(
      'tep',
      new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

for (const dialect of backends()) {
  describe(`media library upload without JavaScript on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let author: Client;

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-library-'));
      t = await createTestApp(dialect, { env: { DATA_DIR: dataDir, MEDIA_MAX_MB: '2' } });
      author = (await signedIn(t, 'author', 'Phóng viên An')).client;
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    async function post(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
      const body = await multipart(fields, file);
      return author.remember(
        await t.app.inject({
          method: 'POST',
          url: '/quan-tri/thu-vien',
          payload: body.payload,
          headers: {
            'content-type': body.contentType,
            origin: ORIGIN,
            cookie: [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        }),
      );
    }
    const token = async () => csrfFrom((await author.get('/quan-tri/thu-vien')).body);
    const mediaCount = async () => (await t.database.handle.kysely.selectFrom('media').select('id').execute()).length;

    test('the library page is a plain multipart form, without the editor bundle', async () => {
      const page = (await author.get('/quan-tri/thu-vien')).body;
      assert.match(
        page,
        /<form class="upload-box" method="post" action="\/quan-tri\/thu-vien" enctype="multipart\/form-data">\s*<input type="hidden" name="_csrf"/,
      );
      assert.match(page, /<input type="file" id="tep" name="file" required/);
      // Only the lists' small "Chọn tất cả" script: the upload works without any.
      assert.deepEqual(
        [...page.matchAll(/<script src="\/assets\/([a-z]+)\./g)].map((m) => m[1]),
        ['admin'],
      );
    });

    test('a photo with its description is stored, re-encoded, and listed', async () => {
      const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
      const res = await post(
        { _csrf: await token(), alt: 'Quang cảnh <hội nghị>' },
        { name: 'hội nghị.jpg', data: jpeg },
      );
      const page = (await afterAction(author, res, '/quan-tri/thu-vien', 'Đã tải tệp lên thư viện.')).body;
      const row = await t.database.handle.kysely
        .selectFrom('media')
        .selectAll()
        .where('original_name', '=', 'hội nghị.jpg')
        .executeTakeFirstOrThrow();
      assert.equal(row.alt, 'Quang cảnh <hội nghị>');
      assert.equal(row.variant_widths, '480,800');
      assert.match(page, /alt="Quang cảnh &lt;hội nghị&gt;"/);
    });

    test('a document over the old 1 MB body limit but within MEDIA_MAX_MB goes through', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(Math.round(1.5 * MB), 0x20)]);
      const res = await post({ _csrf: await token() }, { name: 'bao-cao.pdf', data: pdf });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    });

    test('refusals come back on the library page with the same messages as the editor gets, and store nothing', async () => {
      const before = await mediaCount();
      const cases: [string, Buffer, number, RegExp][] = [
        ['anh.jpg', Buffer.from('<?php system($_GET["c"]); ?>'), 415, /Định dạng tệp không được hỗ trợ/],
        ['rong.jpg', Buffer.alloc(0), 400, /Tệp tải lên rỗng/],
        [
          'lon.pdf',
          Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * MB, 0x20)]),
          413,
          /Tệp quá lớn: giới hạn là 2 MB/,
        ],
      ];
      for (const [name, data, status, message] of cases) {
        const res = await post({ _csrf: await token() }, { name, data });
        assert.equal(res.statusCode, status, name);
        assert.match(res.body, new RegExp(`<p class="form-error" role="alert">${message.source}`), name);
        assert.match(res.body, /enctype="multipart\/form-data"/, `${name}: the form is there to try again`);
      }
      const noFile = await post({ _csrf: await token() });
      assert.equal(noFile.statusCode, 400);
      const cookie = [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const broken = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/thu-vien',
        payload: 'không phải multipart',
        headers: { 'content-type': 'multipart/form-data; boundary=xyz', origin: ORIGIN, cookie },
      });
      assert.equal(broken.statusCode, 400, 'a broken body is the client’s fault, not a 500');
      assert.match(broken.body, /Biểu mẫu tải lên không hợp lệ/);
      const two = new FormData();
      two.append('_csrf', await token());
      for (const name of ['a.pdf', 'b.pdf'])
        two.append('tep', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n'))]), name);
      const encoded = new Response(two);
      const twoFiles = await t.app.inject({
        method: 'POST',
        url: '/quan-tri/thu-vien',
        payload: Buffer.from(await encoded.arrayBuffer()),
        headers: { 'content-type': encoded.headers.get('content-type')!, origin: ORIGIN, cookie },
      });
      assert.equal(twoFiles.statusCode, 400, 'one file per upload');
      assert.equal(await mediaCount(), before);
    });

    test('without the CSRF token the upload is refused before anything is stored', async () => {
      const before = await mediaCount();
      const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer();
      assert.equal((await post({}, { name: 'a.jpg', data: jpeg })).statusCode, 403);
      assert.equal((await post({ _csrf: 'sai' }, { name: 'a.jpg', data: jpeg })).statusCode, 403);
      assert.equal(await mediaCount(), before);
    });
  });
}
