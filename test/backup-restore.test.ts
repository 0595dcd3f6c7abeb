import assert from 'node:assert/strict';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import sharp from 'sharp';
import { totpAt } from '../src/accounts/totp.js';
import { buildApp } from '../src/app.js';
import { writeBackup } from '../src/backup/backup.js';
import { restoreBackup, RestoreRefused } from '../src/backup/restore.js';
import { readTar, TarWriter } from '../src/backup/tar.js';
import { commentDeps } from '../src/comments/comments.service.js';
import { setConsultation } from '../src/documents/consultation.service.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
} from '../src/documents/documents.service.js';
import { moderateComments, replyAsStaff } from '../src/comments/moderation.service.js';
import { loadConfig } from '../src/config.js';
import { createDb, type DbHandle, type DialectName } from '../src/db/index.js';
import { knownMigrations, migrateTo } from '../src/db/migrate.js';
import { createMediaDeps, uploadMedia } from '../src/media/media.service.js';
import { createArticle, publishArticle, updateArticle } from '../src/newsroom/newsroom.service.js';
import { saveSettings } from '../src/site/settings.repo.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { actor } from './support/actors.js';
import { runCli } from './support/cli.js';
import { Client, csrfFrom } from './support/client.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SITE_TABLES = [
  'article_revisions',
  'article_tags',
  'articles',
  'audit_log',
  'auth_events',
  'auth_tokens',
  'categories',
  'category_redirects',
  'comments',
  'consultations',
  'document_types',
  'documents',
  'media',
  'recovery_codes',
  'sessions',
  'settings',
  'tags',
  'throttles',
  'users',
];
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const HEADLINE = 'Hội nghị tổng kết chuyển đổi số ngành y tế tỉnh';

interface Site {
  t: TestApp;
  dataDir: string;
  articleUrl: string;
  commentedUrl: string;
  /** A draft under consultation, with a published góp ý. */
  draftUrl: string;
}

/** Everything a restore must bring back: articles with revisions, comments with a reply, 2FA, media, settings. */
async function makeSite(dialect: DialectName): Promise<Site> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'toasoan-backup-src-'));
  let offset = 0;
  const t = await createTestApp(dialect, {
    now: () => new Date(Date.now() + offset),
    env: { DATA_DIR: dataDir, COMMENT_IP_LIMIT: '1000' },
  });
  const older = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
  const newer = await makeCategory(t.site, { slug: 'y-te', name: 'Y tế' });
  // A category moved under a newer one: its parent's id is larger than its own.
  await t.database.handle.kysely.updateTable('categories').set({ parent_id: newer }).where('id', '=', older).execute();
  await makeUser(t, { email: 'bandoc@example.vn', role: 'reader', name: 'Bạn đọc' });
  const editorId = await makeUser(t, { email: 'bientap@example.vn', role: 'editor', name: 'Biên tập' });
  await t.database.handle.kysely
    .updateTable('users')
    .set({ totp_secret: TOTP_SECRET, totp_enabled: 1 })
    .where('id', '=', editorId)
    .execute();
  await t.database.handle.kysely
    .insertInto('recovery_codes')
    .values({ user_id: editorId, code_hash: 'a'.repeat(64), used_at: null })
    .execute();
  const adminId = await makeUser(t, { email: 'quantri@example.vn', role: 'admin', name: 'Quản trị' });
  const admin = { id: adminId, role: 'admin' as const, displayName: 'Quản trị' };

  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 20, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
  const mediaDeps = createMediaDeps(t.site.db, t.config, t.site.now);
  const media = await uploadMedia(mediaDeps, actor('author'), {
    filename: 'hoi-nghi.jpg',
    data: photo,
    alt: 'Hội nghị',
  });
  const content = {
    title: HEADLINE,
    sapo: 'Sáng nay, hội nghị đã diễn ra.',
    bodyHtml: '<p>Bệnh viện đa khoa tỉnh báo cáo kết quả.</p>',
    byline: 'PV',
    categoryId: newer,
    tags: ['y tế', 'chuyển đổi số'],
    coverMediaId: media.id,
  };
  let a = await createArticle(t.site.deps, admin, content);
  a = await updateArticle(t.site.deps, admin, a.id, {
    ...content,
    bodyHtml: '<p>Bệnh viện đa khoa tỉnh báo cáo kết quả năm 2026.</p>',
    version: a.version,
  });
  await publishArticle(t.site.deps, admin, a.id, { version: a.version });
  for (let i = 0; i < 5; i++)
    await makeArticle(t.site, { categoryId: older, title: `Tin thời sự số ${i}`, tags: ['thời sự'] });
  const plain = await makeArticle(t.site, { categoryId: older, title: 'Bài có ý kiến bạn đọc' });

  const guest = new Client(t.app);
  const token = csrfFrom((await guest.get(plain.url)).body);
  offset += 5000; // the spam rules refuse a form sent within seconds of being shown
  const comment = { name: 'Khách', email: 'khach@example.vn', body: 'Bài viết rất hữu ích, cảm ơn.' };
  const posted = await guest.post('/y-kien', { articleId: String(plain.id), _csrf: token, ...comment });
  assert.equal(posted.statusCode, 303, posted.body.slice(0, 300));
  const [row] = await t.database.handle.kysely.selectFrom('comments').select('id').execute();
  await moderateComments(commentDeps(t.site), admin, [row!.id], 'approve');
  await replyAsStaff(commentDeps(t.site), admin, row!.id, 'Cảm ơn bạn đã góp ý.');
  await saveSettings(t.database.handle.kysely, { 'site.tagline': 'Cổng thông tin điện tử — thử sao lưu' });

  const docs = documentDeps(t.site);
  await ensureDocumentTypes(docs);
  const draft = await createDocument(
    docs,
    admin,
    {
      code: '25/2026/QĐ-UBND',
      typeId: (await listDocumentTypes(docs))[0]!.id,
      issuer: 'UBND tỉnh',
      issuedOn: '01/12/2026',
      summary: 'Dự thảo quy chế cổng thông tin',
      status: 'du_thao',
    },
    { publish: true, files: [] },
  );
  await setConsultation(docs, admin, draft.id, { opensOn: '', closesOn: '2099-12-31' });
  const draftUrl = `/van-ban/${draft.slug}`;
  // A token from the article's form: a view of the draft's page would be counted after the backup and differ.
  const draftToken = csrfFrom((await guest.get(plain.url)).body);
  offset += 5000;
  const gopY = { name: 'Người góp ý', email: 'gopy@example.vn', body: 'Đề nghị bổ sung Điều 4 về thời hạn.' };
  const sent = await guest.post('/y-kien', { documentId: String(draft.id), _csrf: draftToken, ...gopY });
  assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
  const gopYRow = await t.database.handle.kysely
    .selectFrom('comments')
    .select('id')
    .where('document_id', '=', draft.id)
    .executeTakeFirstOrThrow();
  await moderateComments(commentDeps(t.site), admin, [gopYRow.id], 'approve');

  const page = await t.app.inject({ url: `/tim-kiem?q=${encodeURIComponent('chuyển đổi số y tế')}` });
  const articleUrl = /href="([^"]+)"[^>]*>[^<]*Hội nghị tổng kết/.exec(page.body)?.[1];
  assert.ok(articleUrl, 'the article is found on the source site');
  return { t, dataDir, articleUrl, commentedUrl: plain.url, draftUrl };
}

/** Every site table's rows, sorted, with what differs only by dialect made equal. */
async function tables(handle: DbHandle): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const name of SITE_TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.kysely);
    out[name] = rows
      .map((row) =>
        JSON.stringify(
          Object.fromEntries(
            Object.entries(row)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, normalise(v)]),
          ),
        ),
      )
      .sort();
  }
  return out;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) return new Date(v).toISOString();
  if (typeof v === 'bigint') return Number(v);
  return v;
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort())
    out[name] = (await readFile(path.join(dir, name))).toString('base64');
  return out;
}

async function tableNames(handle: DbHandle): Promise<string[]> {
  const q =
    handle.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
      : sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema()`;
  return (await q.execute(handle.kysely)).rows.map((r) => r.name);
}

/** Rewrites an archive's manifest, keeping every other entry as it is. */
/** Copies an archive entry by entry through `change`, as a tool that rewrites a backup would. */
async function rewriteArchive(
  file: string,
  out: string,
  change: (name: string, data: Buffer) => Buffer,
): Promise<void> {
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(out));
  const tar = new TarWriter(gzip);
  const gunzip = createGunzip();
  const read = pipeline(createReadStream(file), gunzip);
  for await (const e of readTar(gunzip)) await tar.add(e.name, change(e.name, e.data));
  await read;
  await tar.end();
  await written;
}

async function withManifest(file: string, out: string, change: (m: { migrations: string[] }) => void): Promise<void> {
  await rewriteArchive(file, out, (name, data) => {
    if (name !== 'manifest.json') return data;
    const m = JSON.parse(data.toString('utf8'));
    change(m);
    return Buffer.from(JSON.stringify(m));
  });
}

const pairs: [DialectName, DialectName][] = process.env.TEST_DATABASE_URL
  ? [
      ['sqlite', 'postgres'],
      ['postgres', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

for (const [from, to] of pairs) {
  describe(`backup on ${from}, restore on ${to}`, { timeout: 180_000 }, () => {
    let site: Site;
    let work: string;
    let archive: string;
    const opened: TestDatabase[] = [];
    const target = async (migrate = false) => {
      const d = await createTestDatabase(to, { migrate });
      opened.push(d);
      return d;
    };

    before(async () => {
      site = await makeSite(from);
      work = await mkdtemp(path.join(tmpdir(), 'toasoan-backup-'));
      archive = path.join(work, 'site.tar.gz');
      const res = await runCli(['backup', archive], { DATABASE_URL: site.t.database.url, DATA_DIR: site.dataDir });
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /wrote .*site\.tar\.gz: \d+ rows, [1-9]\d* files/);
      assert.match(res.stderr, /backing up: \d+\/\d+/, 'plain progress lines when not on a terminal');
    });
    after(async () => {
      for (const d of opened) await d.drop();
      await site?.t.close();
      await rm(site?.dataDir, { recursive: true, force: true });
      await rm(work, { recursive: true, force: true });
    });

    test('a brand-new database gets the schema and every row; the restored site signs in, shows and finds the article', async () => {
      const db = await target();
      const dataDir = path.join(work, 'restored-data');
      const result = await restoreBackup(db.handle, { file: archive, dataDir });
      assert.equal(result.indexed, 7);
      assert.deepEqual(await tables(db.handle), await tables(site.t.database.handle));
      assert.deepEqual(await filesIn(path.join(dataDir, 'media')), await filesIn(path.join(site.dataDir, 'media')));
      assert.ok(Object.keys(await filesIn(path.join(dataDir, 'media'))).length >= 2, 'the photo and its variants');

      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ARGON2_MEMORY_KIB: '1024',
        ARGON2_TIME_COST: '1',
      });
      const { app } = await buildApp({ config, db: db.handle });
      try {
        await new Client(app).logIn('bandoc@example.vn', STAFF_PASSWORD);
        const editor = new Client(app);
        await editor.logIn('bientap@example.vn', STAFF_PASSWORD);
        const form = await editor.get('/dang-nhap/xac-thuc');
        const second = await editor.post('/dang-nhap/xac-thuc', {
          code: totpAt(TOTP_SECRET, new Date()),
          _csrf: csrfFrom(form.body),
        });
        assert.equal(second.statusCode, 303, 'the second factor still works');

        const page = await app.inject({ url: site.articleUrl });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, new RegExp(HEADLINE));
        assert.match(page.body, /năm 2026/, 'the edited body');
        const cover = /src="(\/media\/[^"]+)"/.exec(page.body)?.[1];
        assert.ok(cover, 'the cover image');
        assert.equal((await app.inject({ url: cover })).statusCode, 200);
        const found = await app.inject({ url: `/tim-kiem?q=${encodeURIComponent('chuyen doi so y te')}` });
        assert.ok(found.body.includes(site.articleUrl), 'found by search on the restored site');
        const commented = (await app.inject({ url: site.commentedUrl })).body;
        assert.match(commented, /Bài viết rất hữu ích, cảm ơn\./);
        assert.match(commented, /Cảm ơn bạn đã góp ý\./, 'the reply under it');
        const draft = (await app.inject({ url: site.draftUrl })).body;
        assert.match(draft, /Góp ý dự thảo \(1\)[\s\S]*Đề nghị bổ sung Điều 4 về thời hạn\./, 'the góp ý on its draft');
        // Ids go on from the largest restored one.
        const now = new Date().toISOString();
        const added = await db.handle.kysely
          .insertInto('categories')
          .values({
            slug: 'moi',
            name: 'Mới',
            description: '',
            parent_id: null,
            position: 9,
            in_menu: 1,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        assert.equal(added.id, 3);
      } finally {
        await app.close();
      }
    });

    test('a database with rows is refused; --force replaces them', async () => {
      const db = await target(true);
      await db.handle.kysely.insertInto('settings').values({ key: 'giu-nguyen', value: '1' }).execute();
      await assert.rejects(
        restoreBackup(db.handle, { file: archive, dataDir: path.join(work, 'refused') }),
        (err: unknown) => {
          assert.ok(err instanceof RestoreRefused);
          assert.match(err.message, /not empty \(rows in settings\).*--force/);
          return true;
        },
      );
      assert.deepEqual((await tables(db.handle)).settings, ['{"key":"giu-nguyen","value":"1"}']);
      // A whole site is replaced too: categories under categories, comments under comments, articles with covers.
      await restoreBackup(db.handle, { file: archive, dataDir: path.join(work, 'forced'), force: true });
      await db.handle.kysely.updateTable('articles').set({ title: 'Sửa sau khi khôi phục' }).execute();
      const res = await runCli(['restore', archive, '--force'], {
        DATABASE_URL: db.url,
        DATA_DIR: path.join(work, 'forced'),
      });
      assert.equal(res.code, 0, res.stderr);
      assert.deepEqual(await tables(db.handle), await tables(site.t.database.handle));
    });

    test('a truncated or altered archive, or one from a newer schema, is refused and nothing is written', async () => {
      const bytes = await readFile(archive);
      const cut = path.join(work, 'cut.tar.gz');
      await writeFile(cut, bytes);
      await truncate(cut, Math.floor(bytes.length * 0.7));
      // A bit flipped at random in the compressed stream can leave what it decodes to unchanged (a padding
      // bit, say), and such an archive rightly restores; so each layer is damaged where it must be noticed.
      const badCrc = path.join(work, 'bad-crc.tar.gz');
      const copy = Buffer.from(bytes);
      copy[copy.length - 8]! ^= 0x01;
      await writeFile(badCrc, copy);
      const altered = path.join(work, 'altered.tar.gz');
      let flipped = '';
      await rewriteArchive(archive, altered, (name, data) => {
        if (flipped || name === 'manifest.json' || data.length === 0) return data;
        flipped = name;
        const changed = Buffer.from(data);
        changed[Math.floor(changed.length / 2)]! ^= 0x01;
        return changed;
      });
      assert.ok(flipped, 'the archive has an entry to alter');
      const newer = path.join(work, 'newer.tar.gz');
      await withManifest(archive, newer, (m) => m.migrations.push('999-from-the-future'));

      const cases: [string, RegExp][] = [
        [cut, /damaged or truncated|truncated/],
        [badCrc, /damaged or truncated/],
        [altered, /damaged: the checksum of .+ does not match/],
        [newer, /newer version of Tòa Soạn \(migrations 999-from-the-future\)/],
      ];
      for (const [file, message] of cases) {
        const db = await target();
        const dataDir = path.join(work, `nothing-${path.basename(file)}`);
        const res = await runCli(['restore', file], { DATABASE_URL: db.url, DATA_DIR: dataDir });
        assert.equal(res.code, 1, `${file}: ${res.stdout}`);
        assert.match(res.stderr, message);
        assert.deepEqual(await tableNames(db.handle), [], 'no table created');
        const never = path.join(work, 'never.db');
        assert.equal((await runCli(['restore', file], { DATABASE_URL: `sqlite:${never}`, DATA_DIR: dataDir })).code, 1);
        await assert.rejects(readFile(never), { code: 'ENOENT' }, 'not even an empty SQLite file');
        await assert.rejects(readdir(dataDir), { code: 'ENOENT' }, 'no file written');
      }
    });
  });
}

describe('backup of a database without the schema', () => {
  test('is refused with a clear message, and leaves no file', async () => {
    const work = await mkdtemp(path.join(tmpdir(), 'toasoan-backup-none-'));
    try {
      const file = path.join(work, 'none.tar.gz');
      const res = await runCli(['backup', file], {
        DATABASE_URL: `sqlite:${path.join(work, 'empty.db')}`,
        DATA_DIR: work,
      });
      assert.equal(res.code, 1);
      assert.match(res.stderr, /toasoan backup: this database has no Tòa Soạn schema: nothing to back up/);
      assert.deepEqual(
        (await readdir(work)).filter((f) => f.includes('tar.gz')),
        [],
      );
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

/** Every migration newer than the archive's: the list grows as features land. */

describe('an archive from an older schema', () => {
  // Every migration after the archive's, whichever branches added them.
  test('is restored at its version, then migrated to the latest', async () => {
    const dialect = backends().at(-1)!;
    const source = await createTestDatabase(dialect, { migrate: false });
    const db = await createTestDatabase(dialect, { migrate: false });
    const work = await mkdtemp(path.join(tmpdir(), 'toasoan-backup-old-'));
    try {
      await migrateTo(source.handle, '014-comment-html');
      const now = new Date().toISOString();
      await sql`insert into users (email, display_name, role, totp_secret, totp_enabled, created_at, updated_at)
        values ('cu@example.vn', 'Cũ', 'reader', ${TOTP_SECRET}, 1, ${now}, ${now})`.execute(source.handle.kysely);
      const file = path.join(work, 'old.tar.gz');
      const res = await runCli(['backup', file], { DATABASE_URL: source.url, DATA_DIR: work });
      assert.equal(res.code, 0, res.stderr);
      const result = await restoreBackup(db.handle, { file, dataDir: work });
      // Every later migration runs after the restore, whichever branches added them.
      assert.deepEqual(
        result.migratedAfter,
        knownMigrations().filter((name) => name > '014-comment-html'),
      );
      const user = await db.handle.kysely
        .selectFrom('users')
        .select(['email', 'totp_secret', 'totp_pending_secret'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(user, { email: 'cu@example.vn', totp_secret: TOTP_SECRET, totp_pending_secret: null });

      // An empty database already at the latest schema is rebuilt at the archive's; another program's table is left alone.
      const latest = await createTestDatabase(dialect);
      try {
        await sql`create table other_app (id integer primary key, note text)`.execute(latest.handle.kysely);
        await sql`insert into other_app (id, note) values (1, 'không phải của Tòa Soạn')`.execute(latest.handle.kysely);
        const again = await restoreBackup(latest.handle, { file, dataDir: work });
        assert.deepEqual(again.migratedAfter, result.migratedAfter);
        assert.equal(
          (await latest.handle.kysely.selectFrom('users').select('email').executeTakeFirstOrThrow()).email,
          'cu@example.vn',
        );
        const other = await sql<{ note: string }>`select note from other_app`.execute(latest.handle.kysely);
        assert.deepEqual(other.rows, [{ note: 'không phải của Tòa Soạn' }]);
      } finally {
        await latest.drop();
      }
    } finally {
      await source.drop();
      await db.drop();
      await rm(work, { recursive: true, force: true });
    }
  });
});

for (const dialect of backends()) {
  describe(`a backup while the site writes on ${dialect}`, () => {
    test('sees one moment: two rows written together are both in the archive or both not', async () => {
      const db = await createTestDatabase(dialect);
      const writer = createDb(db.url);
      const work = await mkdtemp(path.join(tmpdir(), 'toasoan-backup-live-'));
      let written = 0;
      // Each transaction adds a setting and a tag; the backup reads settings, then tags.
      const writePair = () =>
        writer.kysely.transaction().execute(async (trx) => {
          const i = written++;
          await trx
            .insertInto('settings')
            .values({ key: `k${i}`, value: String(i) })
            .execute();
          await trx
            .insertInto('tags')
            .values({ slug: `the-${i}`, name: `Thẻ ${i}` })
            .execute();
        });
      try {
        for (let i = 0; i < 5; i++) await writePair();
        const file = path.join(work, 'live.tar.gz');
        // The site writes another pair after each page the backup reads, on its own connection.
        await writeBackup(db.handle, { file, dataDir: work, progress: { start: () => undefined, tick: writePair } });
        assert.ok(written > 10, 'the site wrote while the backup ran');
        const lines: Record<string, number> = { settings: 0, tags: 0 };
        const gunzip = createGunzip();
        const read = pipeline(createReadStream(file), gunzip);
        for await (const e of readTar(gunzip)) {
          const table = /^tables\/(settings|tags)\//.exec(e.name)?.[1];
          if (table) lines[table]! += e.data.toString('utf8').split('\n').filter(Boolean).length;
        }
        await read;
        assert.equal(lines.settings, 5, 'what was there when the backup began');
        assert.equal(lines.tags, 5);
      } finally {
        await writer.destroy();
        await db.drop();
        await rm(work, { recursive: true, force: true });
      }
    });
  });
}
