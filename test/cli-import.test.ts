import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { runCli } from './support/cli.js';
import { encodeTcvn3 } from '../src/vi/legacy-encoding.js';
import { encodeVni } from '../src/vi/vni.js';

const FIXTURE = fileURLToPath(new URL('../../shared/fixtures/seed-article.txt', import.meta.url));
const fixtureText = readFileSync(FIXTURE, 'utf8');

async function articleCount(db: TestDatabase): Promise<number> {
  const row = await db.handle.kysely
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

for (const dialect of backends()) {
  describe(`toasoan import on ${dialect}`, () => {
    let db: TestDatabase;
    let dir: string;
    const env = () => ({ DATABASE_URL: db.url });

    before(async () => {
      db = await createTestDatabase(dialect);
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-import-'));
    });
    after(() => db.drop());

    test('imports the fixture and prints one JSON line per article', async () => {
      const res = await runCli(['import', FIXTURE, '--json'], env());
      assert.equal(res.code, 0, res.stderr);
      const lines = res.stdout.trim().split('\n');
      assert.equal(lines.length, 1);
      const out = JSON.parse(lines[0]!) as { id: number; url: string; title: string };
      assert.equal(out.title, 'Đảng bộ Sở KH&CN: Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW');
      assert.equal(out.url, `/tin-tuc/dang-bo-so-khcn-tong-ket-10-nam-thuc-hien-nghi-quyet-so-22-nq-tw-${out.id}.html`);
      const row = await db.handle.kysely
        .selectFrom('articles')
        .selectAll()
        .where('id', '=', out.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.published_at, '2018-05-23T04:16:00.000Z');
      assert.equal(row.byline, 'PC');
      assert.equal(row.status, 'published');
    });

    test('re-importing the same file, or its NFD form, updates instead of duplicating', async () => {
      const before = await articleCount(db);
      const again = await runCli(['import', FIXTURE, '--json'], env());
      assert.equal(again.code, 0, again.stderr);
      const nfd = path.join(dir, 'nfd.txt');
      writeFileSync(nfd, fixtureText.normalize('NFD'));
      const fromNfd = await runCli(['import', nfd, '--json'], env());
      assert.equal(fromNfd.code, 0, fromNfd.stderr);
      assert.equal(JSON.parse(fromNfd.stdout).id, JSON.parse(again.stdout).id);
      assert.equal(await articleCount(db), before);
      const row = await db.handle.kysely
        .selectFrom('articles')
        .select('title')
        .where('id', '=', JSON.parse(fromNfd.stdout).id)
        .executeTakeFirstOrThrow();
      assert.equal(row.title, row.title.normalize('NFC'));
    });

    test('a malformed file is named with its line, writes nothing, and the others still import', async () => {
      const folder = mkdtempSync(path.join(dir, 'batch-'));
      writeFileSync(
        path.join(folder, 'a-good.txt'),
        'Hội thảo về nông nghiệp thông minh\n08:30 01/06/2024\n\nNội dung thứ nhất của bài.\n\nĐoạn thứ hai.\n\nNV\n',
      );
      writeFileSync(path.join(folder, 'b-bad.txt'), 'Một tiêu đề\n31/02/2024 không phải giờ\n\nNội dung.\n');
      writeFileSync(
        path.join(folder, 'c-good.txt'),
        'Thông báo tuyển chọn đề tài năm 2027\n14:05 02/06/2024\n\nCác tổ chức đăng ký trước ngày 30/6.\n\nTTTT\n',
      );
      const before = await articleCount(db);
      const res = await runCli(['import', folder, '--category', 'tin-tuc'], env());
      assert.equal(res.code, 1);
      assert.match(res.stderr, /b-bad\.txt:2: /);
      assert.equal(await articleCount(db), before + 2);
      const titles = (await db.handle.kysely.selectFrom('articles').select('title').execute()).map((r) => r.title);
      assert.ok(!titles.includes('Một tiêu đề'));
      assert.ok(titles.includes('Thông báo tuyển chọn đề tài năm 2027'));
    });

    test('bad usage exits 2 with a clear message', async () => {
      const unknown = await runCli(['import', FIXTURE, '--category', 'khong-co'], env());
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown category "khong-co"; known: tin-tuc/);
      const none = await runCli(['import'], env());
      assert.equal(none.code, 2);
      const missing = await runCli(['import', path.join(dir, 'khong-ton-tai.txt')], env());
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /khong-ton-tai\.txt: no such file or folder/);
    });

    test('a file that is not UTF-8 text is refused with its line', async () => {
      const file = path.join(dir, 'latin1.txt');
      writeFileSync(
        file,
        Buffer.concat([Buffer.from('Tieu de\n08:00 01/01/2024\n'), Buffer.from([0x48, 0xe9, 0xff, 0x0a])]),
      );
      const res = await runCli(['import', file], env());
      assert.equal(res.code, 1);
      assert.match(res.stderr, /latin1\.txt:3: the file is not valid UTF-8 text/);
    });

    test('TCVN3 and VNI files are detected and converted; --encoding overrides', async () => {
      const text =
        'Quyết định về công tác thủy lợi năm 2024\n08:00 02/01/2024\nỦy ban nhân dân tỉnh ban hành quyết định hướng dẫn người dân.\n\nĐoạn hai của bài viết.\n';
      const files = { tcvn3: path.join(dir, 'tcvn3.txt'), vni: path.join(dir, 'vni.txt') };
      writeFileSync(files.tcvn3, encodeTcvn3(text));
      writeFileSync(files.vni, encodeVni(text.replace('2024\n', '2024 (VNI)\n')));
      const res = await runCli(['import', files.tcvn3, files.vni, '--json'], env());
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /tcvn3\.txt: converted from TCVN3/);
      assert.match(res.stderr, /vni\.txt: converted from VNI/);
      const titles = res.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { title: string }).title);
      assert.deepEqual(titles, [
        'Quyết định về công tác thủy lợi năm 2024',
        'Quyết định về công tác thủy lợi năm 2024 (VNI)',
      ]);
      const row = await db.handle.kysely
        .selectFrom('articles')
        .select('sapo')
        .where('title', '=', titles[0]!)
        .executeTakeFirstOrThrow();
      assert.equal(row.sapo, 'Ủy ban nhân dân tỉnh ban hành quyết định hướng dẫn người dân.');

      // Forcing the wrong encoding is obeyed (the reader asked for it); an unknown one is refused.
      const forced = await runCli(['import', files.vni, '--encoding', 'tcvn3', '--json'], env());
      assert.equal(forced.code, 0, forced.stderr);
      assert.notEqual((JSON.parse(forced.stdout) as { title: string }).title, titles[1]);
      const bad = await runCli(['import', files.vni, '--encoding', 'latin1'], env());
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--encoding must be one of utf8, tcvn3, vni/);
    });

    test('paragraphs pasted from an old font into a UTF-8 file are converted, each with a warning naming its line', async () => {
      const tcvn = encodeTcvn3('Nghị quyết số 22 của Bộ Chính trị được quán triệt').toString('latin1');
      const vni = encodeVni('Người dân đồng tình ủng hộ chủ trương mới').toString('latin1');
      const mixed = path.join(dir, 'mixed.txt');
      writeFileSync(
        mixed,
        `Hội nghị quán triệt nghị quyết\n08:00 04/01/2024\nCán bộ chủ chốt dự hội nghị.\n\n${tcvn}\n\n${vni}\n\nHội nghị kết thúc lúc 11 giờ.\n`,
      );
      const clean = path.join(dir, 'clean-vi.txt');
      const cleanBody = 'Cà phê sáng ở phố cổ Hà Nội, bánh mì và phở.';
      writeFileSync(clean, `Phố cổ buổi sáng\n08:00 05/01/2024\nMột tản văn ngắn.\n\n${cleanBody}\n`);
      const english = path.join(dir, 'clean-en.txt');
      const englishBody = 'The café served crème brûlée and a naïve jalapeño dish, à la carte, in Zürich.';
      writeFileSync(english, `A note in English\n08:00 06/01/2024\nA short note.\n\n${englishBody}\n`);

      const res = await runCli(['import', mixed, clean, english, '--json'], env());
      assert.equal(res.code, 0, res.stderr);
      const warnings = res.stderr.split('\n').filter((l) => l.includes('warning'));
      assert.deepEqual(warnings, [
        `${mixed}:5: warning: this paragraph was TCVN3 text in a UTF-8 file (pasted from an old font): converted`,
        `${mixed}:7: warning: this paragraph was VNI text in a UTF-8 file (pasted from an old font): converted`,
      ]);
      const body = async (title: string) =>
        (
          await db.handle.kysely
            .selectFrom('articles')
            .select('body_html')
            .where('title', '=', title)
            .executeTakeFirstOrThrow()
        ).body_html;
      assert.equal(
        await body('Hội nghị quán triệt nghị quyết'),
        '<p>Nghị quyết số 22 của Bộ Chính trị được quán triệt</p>\n<p>Người dân đồng tình ủng hộ chủ trương mới</p>\n<p>Hội nghị kết thúc lúc 11 giờ.</p>',
      );
      assert.equal(await body('Phố cổ buổi sáng'), `<p>${cleanBody}</p>`);
      assert.equal(await body('A note in English'), `<p>${englishBody}</p>`);
    });

    test('a legacy file that is hard to tell is imported with a warning', async () => {
      // Mostly unmarked words, and one marked word that both readings find plausible-ish.
      const file = path.join(dir, 'unsure.txt');
      writeFileSync(
        file,
        Buffer.concat([
          Buffer.from('Tin ngan\n08:00 03/01/2024\nBan tin so 5 '),
          Buffer.from([0x63, 0xf3]),
          Buffer.from(' ngay mai.\n'),
        ]),
      );
      const res = await runCli(['import', file, '--json'], env());
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stderr, /unsure\.txt: warning: read as (TCVN3|VNI), but the encoding is unsure/);
    });
  });
}

test('a bad config value stops the command with one line naming it', async () => {
  for (const [name, value] of [
    ['PORT', 'tám mươi'],
    ['DATABASE_URL', 'mysql://x'],
    ['DEMO_CONTENT', 'maybe'],
    ['PAGE_CACHE_SECONDS', '-5'],
  ] as const) {
    const res = await runCli(['serve'], { [name]: value });
    assert.equal(res.code, 2, name);
    const lines = res.stderr.trim().split('\n');
    assert.equal(lines.length, 1, res.stderr);
    assert.match(lines[0]!, new RegExp(`^toasoan: Invalid ${name}: `));
  }
});
