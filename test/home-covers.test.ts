import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { demoImageSvg } from '../src/demo/demo-images.js';
import { seedDemoContent } from '../src/demo/seed-demo.js';
import { createMediaDeps, uploadMedia } from '../src/media/media.service.js';
import { actor } from './support/actors.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('the demo home page has pictures of its own, as responsive images', () => {
  let t: TestApp;
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-covers-'));
    t = await createTestApp('sqlite', { env: { DATA_DIR: dataDir } });
    const demo = await seedDemoContent(t.site);
    assert.equal(await demo.pictures(), demo.articles);
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('each demo picture is drawn by the code, differently for each article', () => {
    const svgs = new Set(Array.from({ length: 12 }, (_, i) => demoImageSvg('tin-tuc-su-kien', i)));
    assert.equal(svgs.size, 12);
    assert.ok(
      [...svgs].every((s) => s.startsWith('<svg ') && !/href="http/.test(s)),
      'nothing fetched',
    );
  });

  test('the lead story and each category block lead with a cover: srcset, sizes, width and height', async () => {
    const home = await t.app.inject('/');
    const imgs = [...home.body.matchAll(/<img class="(lead-image|block-image|teaser-thumb)"([^>]*)>/g)];
    const lead = imgs.filter((m) => m[1] === 'lead-image');
    const blocks = imgs.filter((m) => m[1] === 'block-image');
    assert.equal(lead.length, 1);
    assert.ok(blocks.length >= 3, `${blocks.length} block covers`);
    for (const [, cls, attrs] of [...lead, ...blocks]) {
      assert.match(
        attrs!,
        / srcset="\/media\/[0-9a-f]{24}-480\.webp 480w, \/media\/[0-9a-f]{24}-960\.webp 960w, \/media\/[0-9a-f]{24}-1200\.webp 1200w"/,
        cls,
      );
      assert.match(attrs!, / sizes="[^"]+"/);
      assert.match(attrs!, / width="1200" height="750"/);
      assert.match(attrs!, / alt=""/);
    }
    // The lead is the page's largest paint: fetched at once, not lazily; the blocks' covers lazily.
    assert.doesNotMatch(lead[0]![2]!, /loading="lazy"/);
    assert.ok(blocks.every((b) => /loading="lazy"/.test(b[2]!)));
    const variant = /\/media\/[0-9a-f]{24}-480\.webp/.exec(lead[0]![2]!)![0];
    const res = await t.app.inject(variant);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    const meta = await sharp(res.rawPayload).metadata();
    assert.deepEqual([meta.width, meta.height], [480, 300]);
  });

  test('the pictures were stored through the media pipeline, in the system’s name in the audit log', async () => {
    const rows = await t.database.handle.kysely
      .selectFrom('media')
      .select(['kind', 'variant_widths', 'uploaded_by'])
      .execute();
    assert.equal(rows.length, 12);
    assert.ok(rows.every((r) => r.kind === 'image' && r.variant_widths === '480,960,1200' && r.uploaded_by === null));
    const audit = await t.database.handle.kysely
      .selectFrom('audit_log')
      .select('actor_name')
      .where('action', '=', 'media.upload')
      .execute();
    assert.equal(audit.length, 12);
    assert.ok(audit.every((a) => a.actor_name === 'Hệ thống'));
  });
});

describe('demo pictures after a first start that stopped before drawing them', () => {
  test('the next start draws the missing ones, and a start after that draws none', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-covers-again-'));
    const t = await createTestApp('sqlite', { env: { DATA_DIR: dataDir } });
    try {
      const first = await seedDemoContent(t.site);
      assert.ok(first.articles > 2);
      // The first start is stopped here, its pictures never drawn; one article has a picture its editor chose.
      const [own] = await t.database.handle.kysely.selectFrom('articles').select('id').orderBy('id').limit(1).execute();
      const photo = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      const media = createMediaDeps(t.database.handle, t.config, t.site.now);
      const mediaId = (await uploadMedia(media, actor('editor'), { filename: 'rieng.jpg', data: photo, alt: '' })).id;
      await t.database.handle.kysely
        .updateTable('articles')
        .set({ cover_media_id: mediaId })
        .where('id', '=', own!.id)
        .execute();

      const second = await seedDemoContent(t.site);
      assert.equal(second.articles, 0, 'no article seeded twice');
      assert.equal(await second.pictures(), first.articles - 1, 'every demo article without a cover, and only those');
      const covers = await t.database.handle.kysely
        .selectFrom('articles')
        .select(['id', 'cover_media_id'])
        .orderBy('id')
        .execute();
      assert.ok(covers.every((a) => a.cover_media_id !== null));
      assert.equal(covers[0]!.cover_media_id, mediaId, 'the chosen cover is kept');
      assert.equal(await (await seedDemoContent(t.site)).pictures(), 0);
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
