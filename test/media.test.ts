import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../src/errors.js';
import { createMediaDeps, uploadMedia, type MediaDeps } from '../src/media/media.service.js';
import { figureHtml, mediaUrl } from '../src/media/media-urls.js';
import { sanitizeArticleHtml } from '../src/articles/sanitize.js';
import { actor } from './support/actors.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A PNG that is all header: it claims `w` × `h` pixels and carries none. */
function pngClaiming(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function photoWithGps(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } })
    .withExif({
      IFD0: { Artist: 'Phóng viên', Copyright: 'Bí mật' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

async function refused(p: Promise<unknown>, status: number, message: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, status);
    assert.match(err.publicMessage, message);
    return true;
  });
}

// Media are files plus a row; SQLite is enough to check both. The row logic is shared with PostgreSQL.
describe('media uploads', () => {
  let t: TestApp;
  let deps: MediaDeps;
  const author = actor('author');
  const dir = () => path.join(t.config.dataDir, 'media');
  const files = () => {
    try {
      return readdirSync(dir()).sort();
    } catch {
      return [];
    }
  };

  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-media-'));
    t = await createTestApp('sqlite', { env: { DATA_DIR: dataDir, MEDIA_MAX_MB: '1', MEDIA_MAX_MEGAPIXELS: '4' } });
    deps = createMediaDeps(t.site.db, t.config, t.site.now);
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a photo is re-encoded without EXIF or GPS, in WebP variants and its own format, served immutable', async () => {
    const original = await photoWithGps(1200, 800);
    assert.ok((await sharp(original).metadata()).exif, 'the test photo does carry EXIF');
    const m = await uploadMedia(deps, author, { filename: 'C:\\Ảnh\\hội-thảo.jpg', data: original, alt: 'Hội thảo' });
    assert.equal(m.kind, 'image');
    assert.equal(m.original_name, 'hội-thảo.jpg');
    assert.deepEqual([m.width, m.height, m.variant_widths], [1200, 800, '480,960,1200']);

    for (const [url, type, width] of [
      [mediaUrl(m), 'image/jpeg', 1200],
      [mediaUrl(m, 480), 'image/webp', 480],
      [mediaUrl(m, 960), 'image/webp', 960],
    ] as const) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      const meta = await sharp(res.rawPayload).metadata();
      assert.equal(meta.width, width);
      assert.equal(meta.exif, undefined, `${url} carries no EXIF`);
    }
    // The same content again is the same media, not a second copy.
    const again = await uploadMedia(deps, author, { filename: 'khac.jpg', data: original });
    assert.equal(again.id, m.id);

    // The markup the editor inserts survives the sanitiser as it is.
    const figure = figureHtml(m, 'Chú thích <ảnh>').value;
    assert.match(figure, /srcset="[^"]+-480\.webp 480w, [^"]+-960\.webp 960w, [^"]+-1200\.webp 1200w"/);
    assert.match(figure, /width="1200" height="800"/);
    assert.match(
      sanitizeArticleHtml(figure),
      /<figure><img src="\/media\/[a-f0-9]{24}\.jpg" srcset=.*<figcaption>Chú thích &lt;ảnh&gt;<\/figcaption><\/figure>/,
    );
  });

  test('refusals: a PHP script named .jpg, an oversize file, an image bomb, an SVG, a plain ZIP; nothing is stored', async () => {
    const before = files();
    const php = Buffer.from('<?php system($_GET["c"]); ?>\n');
    await refused(uploadMedia(deps, author, { filename: 'anh.jpg', data: php }), 415, /không được hỗ trợ/);
    // A JPEG header in front of a script is not a JPEG either.
    await refused(
      uploadMedia(deps, author, {
        filename: 'anh.jpg',
        data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), php]),
      }),
      415,
      /hỏng/,
    );
    await refused(
      uploadMedia(deps, author, { filename: 'lon.jpg', data: Buffer.alloc(1024 * 1024 + 1, 0xff) }),
      413,
      /giới hạn là 1 MB/,
    );
    await refused(
      uploadMedia(deps, author, { filename: 'bom.png', data: pngClaiming(100_000, 100_000) }),
      413,
      /quá lớn/,
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await refused(uploadMedia(deps, author, { filename: 'logo.svg', data: svg }), 415, /không được hỗ trợ/);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('payload.exe')]);
    await refused(uploadMedia(deps, author, { filename: 'bao-cao.docx', data: zip }), 415, /không được hỗ trợ/);
    await refused(
      uploadMedia(deps, actor('reader'), { filename: 'a.pdf', data: Buffer.from('%PDF-1.7\n') }),
      403,
      /quyền/,
    );
    assert.deepEqual(files(), before);
    const { n } = await t.site.db.kysely
      .selectFrom('media')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), 1, 'only the photo of the first test');
  });

  test('a PDF attachment is kept as uploaded and downloaded under its own name', async () => {
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const m = await uploadMedia(deps, author, { filename: 'Quyết định số 12.pdf', data: pdf });
    assert.deepEqual([m.kind, m.ext, m.mime], ['attachment', 'pdf', 'application/pdf']);
    const res = await t.app.inject(mediaUrl(m));
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.rawPayload, pdf);
    assert.match(
      res.headers['content-disposition'] as string,
      /^attachment; .*filename\*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh/,
    );
    assert.equal((await t.app.inject('/media/..%2F..%2Fetc%2Fpasswd')).statusCode, 404);
    assert.equal((await t.app.inject('/media/0123456789abcdef01234567.pdf')).statusCode, 404);
  });
});
