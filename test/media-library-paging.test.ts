import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Actor } from '../src/accounts/roles.js';
import { createMediaDeps, MEDIA_PAGE_SIZE, uploadMedia } from '../src/media/media.service.js';
import type { Client } from './support/client.js';
import { backends } from './support/databases.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const LIBRARY = '/quan-tri/thu-vien';
/** The files on a library page, in order, by the names their tick boxes read out. */
const names = (body: string) => [...body.matchAll(/aria-label="Chọn “([^”]+)”"/g)].map((m) => m[1]!);
/** The page links of the pager, as the browser would follow them. */
const pagerLinks = (body: string) => {
  const nav = /<nav class="pagination"[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? '';
  return {
    next: /<a rel="next" href="([^"]+)"/.exec(nav)?.[1]?.replace(/&amp;/g, '&'),
    prev: /<a rel="prev" href="([^"]+)"/.exec(nav)?.[1]?.replace(/&amp;/g, '&'),
    current: /<span aria-current="page">(\d+)<\/span>/.exec(nav)?.[1],
  };
};

for (const dialect of backends()) {
  describe(`the media library pages through its files on ${dialect}`, () => {
    let t: TestApp;
    let editor: Client;
    // Three files more than a page holds, and one picture, so the type filter has something to leave out.
    const FILES = MEDIA_PAGE_SIZE + 3;
    const pdfName = (i: number) => `bien-ban-${String(i).padStart(2, '0')}.pdf`;

    before(async () => {
      t = await createTestApp(dialect);
      const admin = await signedIn(t, 'admin', 'Trần Quản Trị');
      editor = (await signedIn(t, 'editor', 'Mai Biên Tập')).client;
      const media = createMediaDeps(t.site.db, t.config, t.site.now);
      const actor: Actor = { id: admin.id, role: 'admin', displayName: 'Trần Quản Trị' };
      for (let i = 1; i <= FILES; i++)
        await uploadMedia(media, actor, { filename: pdfName(i), data: Buffer.from(`%PDF-1.4\n% biên bản ${i}\n`) });
      await uploadMedia(media, actor, {
        filename: 'cong-truong.png',
        data: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } })
          .png()
          .toBuffer(),
        alt: 'Công trường',
      });
    });
    after(() => t.close());

    const get = async (url: string) => {
      const res = await editor.get(url);
      assert.equal(res.statusCode, 200, url);
      return res.body;
    };

    test('newest first, a page at a time, every file once, and the filter kept on every page', async () => {
      const first = await get(`${LIBRARY}?loai=tep`);
      assert.match(first, /<small>43 tệp<\/small>/);
      const one = names(first);
      assert.equal(one.length, MEDIA_PAGE_SIZE);
      assert.equal(one[0], pdfName(FILES), 'the newest first');
      assert.equal(pagerLinks(first).current, '1');
      assert.equal(pagerLinks(first).prev, undefined);
      const next = pagerLinks(first).next;
      assert.equal(next, `${LIBRARY}?loai=tep&trang=2`, 'the next page keeps the filter');

      const second = await get(next!);
      const two = names(second);
      assert.deepEqual(two, [pdfName(3), pdfName(2), pdfName(1)]);
      assert.equal(pagerLinks(second).current, '2');
      assert.equal(pagerLinks(second).next, undefined, 'the last page');
      assert.equal(pagerLinks(second).prev, `${LIBRARY}?loai=tep`);
      assert.deepEqual(
        [...one, ...two].sort(),
        Array.from({ length: FILES }, (_, i) => pdfName(i + 1)).sort(),
        'no file twice, none left out',
      );

      // Unfiltered, the picture is the newest, and the last page has one more.
      const all = await get(LIBRARY);
      assert.match(all, /<small>44 tệp<\/small>/);
      assert.equal(names(all)[0], 'cong-truong.png');
      assert.deepEqual(names(await get(pagerLinks(all).next!)), [pdfName(4), pdfName(3), pdfName(2), pdfName(1)]);
    });

    test('a page past the end is empty, and a page that is not a number is refused in Vietnamese', async () => {
      const beyond = await get(`${LIBRARY}?loai=tep&trang=3`);
      assert.deepEqual(names(beyond), []);
      const bad = await editor.get(`${LIBRARY}?trang=hai`);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Bộ lọc không hợp lệ/);
    });
  });
}
