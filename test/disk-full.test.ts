import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { Client, csrfFrom, ORIGIN } from './support/client.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import type { TestApp } from './support/test-app.js';

const MAINTENANCE = 'Hệ thống đang bảo trì, vui lòng thử lại sau';

/** A small tmpfs of its own (root, or passwordless sudo as on CI runners): a real full filesystem, not a simulated one. */
function mountTmpfs(sizeMb: number): { dir: string; unmount(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-full-'));
  const run = (args: string[]) =>
    process.getuid?.() === 0 ? execFileSync(args[0]!, args.slice(1)) : execFileSync('sudo', ['-n', ...args]);
  run(['mount', '-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=1777`, 'tmpfs', dir]);
  return {
    dir,
    unmount() {
      try {
        run(['umount', dir]);
      } catch {
        // Something still holds a file open: detach now, freed when it closes.
        run(['umount', '-l', dir]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes zeros until the filesystem refuses with ENOSPC; returns the file, whose removal gives the space back. */
function fillDisk(dir: string): string {
  const file = path.join(dir, 'filler.bin');
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

async function multipart(fields: Record<string, string>, file: { name: string; data: Buffer; type: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('tep', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

function assertDiskFullPage(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  assert.equal(res.statusCode, 503, res.body.slice(0, 400));
  assert.match(String(res.headers['retry-after']), /^\d+$/);
  assert.ok(res.body.includes(MAINTENANCE), res.body.slice(0, 400));
}

// The SQLite file and the media folder both on the full filesystem; on PostgreSQL only the media folder is (the database is elsewhere).
for (const dialect of backends()) {
  describe(`a full disk on ${dialect}`, () => {
    let disk: ReturnType<typeof mountTmpfs>;
    let t: TestApp;
    let offset = 0;
    const now = () => new Date(Date.now() + offset);
    let article: { id: number; url: string };
    let author: Client;

    before(async () => {
      disk = mountTmpfs(32);
      const database =
        dialect === 'sqlite' ? await tmpfsSqlite(path.join(disk.dir, 'site.db')) : await createTestDatabase('postgres');
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        DATA_DIR: path.join(disk.dir, 'data'),
        LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent',
        // Every read goes to the database, so "reads go on" is about the database, not the cache.
        PAGE_CACHE_SECONDS: '0',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
      });
      const built = await buildApp({ config, db: database.handle, now });
      t = { ...built, database, config, close: async () => (await built.app.close(), await database.drop()) };
      const categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      article = await makeArticle(t.site, { categoryId, title: 'Bài đọc khi ổ đĩa đầy' });
      author = (await signedIn(t, 'author', 'Phóng viên Bình')).client;
    });

    after(async () => {
      try {
        await t?.close();
      } finally {
        disk?.unmount();
      }
    });

    async function postComment(guest: Client, body: string) {
      const page = await guest.get(article.url);
      assert.equal(page.statusCode, 200);
      offset += 11 * 60_000; // past the throttle window and the minimum time to write a comment
      return guest.post('/y-kien', {
        articleId: String(article.id),
        _csrf: csrfFrom(page.body),
        name: 'Bạn đọc',
        email: 'ban.doc@example.vn',
        body,
      });
    }

    const libraryToken = async () => csrfFrom((await author.get('/quan-tri/thu-vien')).body);
    async function upload(data: Buffer, token: string) {
      const body = await multipart(
        { _csrf: token, alt: 'Ảnh hội nghị' },
        { name: 'hoi-nghi.png', data, type: 'image/png' },
      );
      const cookie = [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      return t.app.inject({
        method: 'POST',
        url: '/quan-tri/thu-vien',
        payload: body.payload,
        headers: { 'content-type': body.contentType, origin: ORIGIN, cookie },
      });
    }

    const rows = async (table: 'comments' | 'media') =>
      Number(
        (
          await t.database.handle.kysely
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const mediaFiles = () =>
      readdirSync(path.join(disk.dir, 'data', 'media'), { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name);

    test('writes get a 503 page, reads go on, nothing is corrupted, and writes succeed once space is back', async () => {
      // Noise PNGs do not compress, so their files cannot fit in a few bytes of slack.
      const photo = (seed: number) =>
        sharp(Buffer.from(Array.from({ length: 400 * 300 * 3 }, (_, i) => (i * 7919 + seed * 104729) % 251)), {
          raw: { width: 400, height: 300, channels: 3 },
        })
          .png()
          .toBuffer();
      // One upload first, so the media folder exists and the test sees what a failed upload leaves in it.
      assert.equal((await upload(await photo(1), await libraryToken())).statusCode, 303);
      const filesBefore = mediaFiles();
      const [commentsBefore, mediaBefore] = [await rows('comments'), await rows('media')];
      const guest = new Client(t.app);
      if (dialect === 'sqlite') await sql`pragma wal_checkpoint(truncate)`.execute(t.database.handle.kysely);
      // Taken before the disk fills: a signed-in page view records the session's last use, a write (see the report in README).
      const token = await libraryToken();
      const filler = fillDisk(disk.dir);

      if (dialect === 'sqlite') {
        const res = await postComment(guest, 'Góp ý gửi khi máy chủ hết chỗ lưu trữ.');
        assertDiskFullPage(res);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(await rows('comments'), commentsBefore);
      }
      assertDiskFullPage(await upload(await photo(2), token));
      assert.equal(await rows('media'), mediaBefore);
      assert.deepEqual(mediaFiles(), filesBefore, 'a failed upload leaves no file behind');

      const read = await new Client(t.app).get(article.url);
      assert.equal(read.statusCode, 200);
      assert.ok(read.body.includes('Bài đọc khi ổ đĩa đầy'));
      if (dialect === 'sqlite') {
        const { rows: check } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
          t.database.handle.kysely,
        );
        assert.deepEqual(check, [{ integrity_check: 'ok' }]);
      }

      rmSync(filler);
      if (dialect === 'sqlite') {
        const res = await postComment(guest, 'Góp ý gửi lại khi đã có chỗ.');
        assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.equal(await rows('comments'), commentsBefore + 1);
      }
      assert.equal((await upload(await photo(2), token)).statusCode, 303);
      assert.equal(await rows('media'), mediaBefore + 1);
      if (dialect === 'sqlite') {
        const { rows: check } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
          t.database.handle.kysely,
        );
        assert.deepEqual(check, [{ integrity_check: 'ok' }]);
      }
    });
  });
}

async function tmpfsSqlite(file: string): Promise<TestDatabase> {
  const url = `sqlite:${file}`;
  const handle = createDb(url);
  await migrateToLatest(handle);
  return { url, handle, drop: () => handle.destroy() };
}
