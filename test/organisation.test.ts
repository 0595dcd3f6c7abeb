import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createMediaDeps, uploadMedia } from '../src/media/media.service.js';
import { escapeHtml } from '../src/web/html.js';
import { toNfc } from '../src/vi/normalize.js';
import { actor } from './support/actors.js';
import { afterAction, Client } from './support/client.js';
import { backends } from './support/databases.js';
import type { Role } from '../src/accounts/roles.js';
import { makeUser, STAFF_PASSWORD } from './support/accounts.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { xssCorpus } from './support/xss-corpus.js';

const SITE_URL = 'https://sokhcn.example.gov.vn';
const ADMIN = '/quan-tri/to-chuc';

const hreflangs = (body: string) =>
  [...body.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`);
const langSwitch = (body: string) => /<a class="lang-switch" href="([^"]+)" hreflang="(\w+)"/.exec(body)?.slice(1, 3);

for (const dialect of backends()) {
  describe(`organisation pages in Vietnamese and English on ${dialect}`, () => {
    let t: TestApp;
    let dataDir: string;
    let editor: Client;
    let admin: Client;
    let author: Client;
    let photoId: number;
    const guest = () => new Client(t.app, { origin: SITE_URL });
    // SITE_URL is set, so forms must come from that origin.
    async function staff(role: Role, name: string): Promise<Client> {
      const email = `${role}@sokhcn.example.gov.vn`;
      await makeUser(t, { email, role, name });
      const client = new Client(t.app, { origin: SITE_URL });
      await client.logIn(email, STAFF_PASSWORD);
      return client;
    }

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-org-'));
      // The page cache is on: every edit below must drop the copies it holds.
      t = await createTestApp(dialect, { env: { DATA_DIR: dataDir, SITE_URL, PAGE_CACHE_SECONDS: '600' } });
      editor = await staff('editor', 'Biên tập viên Lan');
      admin = await staff('admin', 'Quản trị Minh');
      author = await staff('author', 'Phóng viên Hà');
      const photo = await sharp({ create: { width: 600, height: 800, channels: 3, background: '#7a9cc6' } })
        .jpeg()
        .toBuffer();
      const media = createMediaDeps(t.database.handle, t.config, t.site.now);
      photoId = (
        await uploadMedia(media, actor('editor'), { filename: 'chan-dung.jpg', data: photo, alt: 'Chân dung' })
      ).id;
    });
    after(async () => {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('before anything is written: Vietnamese pages answer with their names, /en/ with a notice, other English pages 404', async () => {
      const vi = await guest().get('/chuc-nang-nhiem-vu');
      assert.equal(vi.statusCode, 200);
      assert.match(vi.body, /<html lang="vi">/);
      assert.match(vi.body, /<h1 class="page-title">Chức năng, nhiệm vụ<\/h1>/);
      assert.deepEqual(hreflangs(vi.body), [], 'no English version, no alternates');
      assert.deepEqual(langSwitch(vi.body), ['/en/', 'en'], 'a page without English links to /en/');
      const home = await guest().get('/en');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /<html lang="en">/);
      assert.match(home.body, /The English introduction is being prepared/);
      // A missing English page answers in English, with the English shell; a Vietnamese one stays Vietnamese.
      const missing = await guest().get('/en/functions');
      assert.equal(missing.statusCode, 404);
      assert.match(missing.body, /<html lang="en">/);
      assert.match(missing.body, /<h1 class="page-title">Page not found<\/h1>/);
      assert.match(missing.body, /<a href="\/en\/">Back to the English home page<\/a>/);
      assert.doesNotMatch(missing.body, /Không tìm thấy/);
      const missingVi = await guest().get('/khong-co-trang-nay');
      assert.equal(missingVi.statusCode, 404);
      assert.match(missingVi.body, /<html lang="vi">/);
      assert.match(missingVi.body, /Không tìm thấy trang/);
      // The Vietnamese footer leads to every page about the agency.
      for (const href of ['/gioi-thieu', '/chuc-nang-nhiem-vu', '/co-cau-to-chuc', '/lanh-dao', '/lien-he'])
        assert.ok((await guest().get('/')).body.includes(`<li><a href="${href}">`), href);
    });

    test('an editor writes a page in both languages; both show it at once, with hreflang and the language switch', async () => {
      // Cached before the edit: the edit must drop these copies.
      await guest().get('/gioi-thieu');
      await guest().get('/en/');
      const res = await editor.submit(`${ADMIN}/gioi-thieu`, `${ADMIN}/gioi-thieu`, {
        titleVi: 'Giới thiệu Sở Khoa học và Công nghệ',
        bodyVi: '<p>Sở là cơ quan chuyên môn.</p><script>alert(1)</script>',
        titleEn: 'About the Department',
        bodyEn: '<p>The Department advises the Provincial People’s Committee.</p><img src=x onerror=alert(1)>',
      });
      await afterAction(editor, res, `${ADMIN}/gioi-thieu`, 'Đã lưu.');

      const vi = await guest().get('/gioi-thieu');
      assert.match(vi.body, /<h1 class="page-title">Giới thiệu Sở Khoa học và Công nghệ<\/h1>/);
      assert.match(vi.body, /<p>Sở là cơ quan chuyên môn.<\/p>/);
      assert.doesNotMatch(vi.body, /alert\(1\)/, 'the sanitiser took the script out');
      const en = await guest().get('/en/');
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /<h1 class="page-title">About the Department<\/h1>/);
      assert.doesNotMatch(en.body, /onerror/);
      const expected = [`vi ${SITE_URL}/gioi-thieu`, `en ${SITE_URL}/en/`, `x-default ${SITE_URL}/gioi-thieu`];
      assert.deepEqual(hreflangs(vi.body), expected);
      assert.deepEqual(hreflangs(en.body), expected);
      assert.deepEqual(langSwitch(vi.body), ['/en/', 'en']);
      assert.deepEqual(langSwitch(en.body), ['/gioi-thieu', 'vi']);
      // The English shell: English skip link, menu and footer; no Vietnamese search box or sign-in link.
      assert.match(en.body, /Skip to main content/);
      assert.match(en.body, /<nav class="site-nav" aria-label="About us">/);
      assert.match(en.body, /Powered by Tòa Soạn/);
      assert.doesNotMatch(en.body, /Đăng nhập|Tìm kiếm|Vận hành bằng/);

      const audit = await t.database.handle.kysely
        .selectFrom('audit_log')
        .select(['action', 'actor_name', 'detail'])
        .where('action', '=', 'organisation.page')
        .execute();
      assert.deepEqual(audit, [
        {
          action: 'organisation.page',
          actor_name: 'Biên tập viên Lan',
          detail: 'intro: Giới thiệu Sở Khoa học và Công nghệ / About the Department',
        },
      ]);
    });

    test('each page is edited on its own form, and removing the English title takes the English page down', async () => {
      const pages = [
        ['chuc-nang-nhiem-vu', '/en/functions', 'Functions'],
        ['co-cau-to-chuc', '/en/structure', 'Structure'],
        ['lanh-dao', '/en/leaders', 'Leadership'],
        ['lien-he', '/en/contact', 'Contact us'],
      ] as const;
      for (const [slug, enPath, titleEn] of pages) {
        const res = await editor.submit(`${ADMIN}/${slug}`, `${ADMIN}/${slug}`, {
          titleVi: `Trang ${slug}`,
          bodyVi: `<p>Nội dung ${slug}.</p>`,
          titleEn,
          bodyEn: `<p>Text of ${slug}.</p>`,
        });
        assert.equal(res.statusCode, 303, slug);
        const vi = await guest().get(`/${slug}`);
        assert.match(vi.body, new RegExp(`<h1 class="page-title">Trang ${slug}</h1>`));
        assert.deepEqual(langSwitch(vi.body), [enPath, 'en']);
        const en = await guest().get(enPath);
        assert.equal(en.statusCode, 200, enPath);
        assert.match(en.body, new RegExp(`<p>Text of ${slug}.</p>`));
        assert.ok((await guest().get('/en/')).body.includes(`<a href="${enPath}">`), `/en/ links to ${enPath}`);
      }
      const back = await editor.submit(`${ADMIN}/lien-he`, `${ADMIN}/lien-he`, {
        titleVi: 'Liên hệ',
        bodyVi: '<p>Mời liên hệ.</p>',
        titleEn: '',
        bodyEn: '',
      });
      assert.equal(back.statusCode, 303);
      assert.equal((await guest().get('/en/contact')).statusCode, 404);
      assert.deepEqual(langSwitch((await guest().get('/lien-he')).body), ['/en/', 'en']);
      assert.doesNotMatch((await guest().get('/en/')).body, /href="\/en\/contact"/, 'nor in the English menu');
    });

    test('units and leaders: added, changed, shown in both languages, removed', async () => {
      const add = await editor.submit(`${ADMIN}/co-cau-to-chuc`, `${ADMIN}/co-cau-to-chuc/moi`, {
        name: 'Phòng Quản lý khoa học',
        nameEn: 'Science Management Division',
        head: 'Trưởng phòng Trần Thị Bình',
        phone: '0203 3851 111',
        email: 'QLKH@Sokhcn.example.gov.vn',
        address: 'Tầng 3, số 12 đường Trần Phú',
        position: '',
      });
      await afterAction(editor, add, `${ADMIN}/co-cau-to-chuc`, 'Đã lưu.');
      const unit = await t.database.handle.kysely.selectFrom('org_units').selectAll().executeTakeFirstOrThrow();
      assert.equal(unit.email, 'qlkh@sokhcn.example.gov.vn');
      assert.equal(unit.position, 1, 'an empty position goes at the end');
      const vi = (await guest().get('/co-cau-to-chuc')).body;
      assert.match(
        vi,
        /<h2>Phòng Quản lý khoa học<\/h2><dl class="org-details"><dt>Người đứng đầu<\/dt><dd>Trưởng phòng Trần Thị Bình<\/dd>/,
      );
      assert.match(vi, /<a href="mailto:qlkh@sokhcn.example.gov.vn">/);
      assert.match(
        (await guest().get('/en/structure')).body,
        /<h2>Science Management Division<\/h2><dl class="org-details"><dt>Head<\/dt>/,
      );

      const edit = await editor.submit(`${ADMIN}/co-cau-to-chuc/${unit.id}`, `${ADMIN}/co-cau-to-chuc/${unit.id}`, {
        name: 'Phòng Quản lý công nghệ',
        position: '5',
      });
      await afterAction(editor, edit, `${ADMIN}/co-cau-to-chuc`, 'Đã lưu.');
      assert.match((await guest().get('/co-cau-to-chuc')).body, /<h2>Phòng Quản lý công nghệ<\/h2>/);

      const leader = await editor.submit(`${ADMIN}/lanh-dao`, `${ADMIN}/lanh-dao/moi`, {
        name: 'Nguyễn Văn An',
        role: 'Giám đốc Sở',
        roleEn: 'Director',
        phone: '0203 3851 000',
        email: 'an@sokhcn.example.gov.vn',
        photoMediaId: String(photoId),
      });
      assert.equal(leader.statusCode, 303);
      const leaders = (await guest().get('/lanh-dao')).body;
      assert.match(leaders, /<h2>Nguyễn Văn An<\/h2><p class="leader-role">Giám đốc Sở<\/p>/);
      // The photo comes from the media library, with its size and an alt naming the person.
      assert.match(
        leaders,
        /<img class="leader-photo" src="\/media\/[a-f0-9]{24}\.jpg" srcset="[^"]+" sizes="160px" width="\d+" height="\d+" alt="Ảnh Nguyễn Văn An"/,
      );
      assert.match((await guest().get('/en/leaders')).body, /<p class="leader-role">Director<\/p>/);
      assert.match((await guest().get('/en/leaders')).body, /alt="Photo of Nguyễn Văn An"/);

      const id = (await t.database.handle.kysely.selectFrom('org_leaders').select('id').executeTakeFirstOrThrow()).id;
      const gone = await editor.submit(`${ADMIN}/lanh-dao`, `${ADMIN}/lanh-dao/${id}/xoa`, {});
      await afterAction(editor, gone, `${ADMIN}/lanh-dao`, 'Đã xóa khỏi danh sách lãnh đạo.');
      assert.match((await guest().get('/lanh-dao')).body, /Chưa có thông tin lãnh đạo/);
      const actions = (await t.database.handle.kysely.selectFrom('audit_log').select('action').execute()).map(
        (r) => r.action,
      );
      for (const a of [
        'organisation.unit_create',
        'organisation.unit_update',
        'organisation.leader_create',
        'organisation.leader_delete',
      ])
        assert.ok(actions.includes(a), a);
    });

    test('bad input: a Vietnamese message and a 4xx on the form, nothing written', async () => {
      const before = await t.database.handle.kysely.selectFrom('org_units').select('id').execute();
      const cases: [string, string, Record<string, string>, RegExp][] = [
        [
          `${ADMIN}/gioi-thieu`,
          `${ADMIN}/gioi-thieu`,
          { titleVi: '  ', bodyVi: 'x' },
          /Tiêu đề tiếng Việt không được để trống/,
        ],
        [
          `${ADMIN}/gioi-thieu`,
          `${ADMIN}/gioi-thieu`,
          { titleVi: 'A', titleEn: '', bodyEn: '<p>x</p>' },
          /Bản tiếng Anh cần có tiêu đề/,
        ],
        [`${ADMIN}/gioi-thieu`, `${ADMIN}/gioi-thieu`, { titleVi: 'A'.repeat(201) }, /Nội dung quá dài/],
        [`${ADMIN}/co-cau-to-chuc`, `${ADMIN}/co-cau-to-chuc/moi`, { name: '' }, /Tên đơn vị không được để trống/],
        [
          `${ADMIN}/co-cau-to-chuc`,
          `${ADMIN}/co-cau-to-chuc/moi`,
          { name: 'Phòng X', email: 'khong-phai-email' },
          /Địa chỉ email không hợp lệ/,
        ],
        [
          `${ADMIN}/co-cau-to-chuc`,
          `${ADMIN}/co-cau-to-chuc/moi`,
          { name: 'Phòng X', position: '-1' },
          /Thứ tự phải là một số nguyên/,
        ],
        [`${ADMIN}/lanh-dao`, `${ADMIN}/lanh-dao/moi`, { name: 'Bà B', role: '' }, /Chức vụ không được để trống/],
        [
          `${ADMIN}/lanh-dao`,
          `${ADMIN}/lanh-dao/moi`,
          { name: 'Bà B', role: 'Phó Giám đốc', photoMediaId: '999999' },
          /Ảnh phải là một ảnh trong thư viện/,
        ],
        [
          `${ADMIN}/lanh-dao`,
          `${ADMIN}/lanh-dao/moi`,
          { name: 'Bà B', role: 'Phó Giám đốc', photoMediaId: 'abc' },
          /Ảnh phải là một ảnh trong thư viện/,
        ],
      ];
      for (const [page, action, form, message] of cases) {
        const res = await editor.submit(page, action, form);
        assert.equal(res.statusCode, 400, `${action} ${JSON.stringify(form)}`);
        assert.match(res.body, message);
        assert.match(res.body, /role="alert"/);
      }
      // What was sent stays on the form to be corrected.
      const kept = await editor.submit(`${ADMIN}/co-cau-to-chuc`, `${ADMIN}/co-cau-to-chuc/moi`, {
        name: 'Phòng Giữ lại',
        email: 'sai',
      });
      assert.match(kept.body, /value="Phòng Giữ lại"/);
      assert.deepEqual(await t.database.handle.kysely.selectFrom('org_units').select('id').execute(), before);
      assert.equal((await editor.get(`${ADMIN}/khong-co`)).statusCode, 404);
      assert.equal((await editor.get(`${ADMIN}/co-cau-to-chuc/999999`)).statusCode, 404);
      assert.equal((await editor.get(`${ADMIN}/co-cau-to-chuc/abc`)).statusCode, 404);
      assert.equal((await editor.submit(`${ADMIN}/lien-he`, `${ADMIN}/lien-he/moi`, { name: 'X' })).statusCode, 404);
      assert.match((await editor.get(`${ADMIN}/co-cau-to-chuc/999999`)).body, /Không tìm thấy đơn vị này/);
    });

    test('only editors and admins edit; a post without the form token is refused', async () => {
      assert.equal((await author.get(ADMIN)).statusCode, 403);
      assert.equal(
        (await author.submit('/quan-tri/bai-viet/moi', `${ADMIN}/gioi-thieu`, { titleVi: 'Chiếm' })).statusCode,
        403,
      );
      assert.equal((await guest().get(ADMIN)).statusCode, 303, 'a guest is sent to sign in');
      assert.equal((await admin.get(ADMIN)).statusCode, 200);
      const noToken = await editor.post(`${ADMIN}/gioi-thieu`, { titleVi: 'Không có mã' });
      assert.equal(noToken.statusCode, 403);
      assert.doesNotMatch((await guest().get('/gioi-thieu')).body, /Chiếm|Không có mã/);
      // The staff menu shows the section to those who may use it.
      assert.match((await editor.get('/quan-tri')).body, /href="\/quan-tri\/to-chuc"/);
      assert.doesNotMatch((await author.get('/quan-tri')).body, /href="\/quan-tri\/to-chuc"/);
    });

    test('the footer and banner come from the settings, in Vietnamese and in English', async () => {
      const res = await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', {
        name: 'Cổng thông tin điện tử Sở KH&CN',
        description: 'Thông tin chính thức của Sở',
        agency: 'Sở Khoa học và Công nghệ tỉnh Thử Nghiệm',
        address: '12 đường Trần Phú, TP. Thử Nghiệm',
        phone: '0203 3851 234',
        email: 'VanPhong@sokhcn.example.gov.vn',
        responsible: 'Ông Nguyễn Văn An, Giám đốc Sở',
        licence: 'Giấy phép số 05/GP-TTĐT ngày 02/01/2025',
        nameEn: 'Department of Science and Technology portal',
        agencyEn: 'Department of Science and Technology of Thu Nghiem Province',
        addressEn: '12 Tran Phu Street, Thu Nghiem City',
        logoMediaId: String(photoId),
      });
      assert.equal(res.statusCode, 303);
      const vi = (await guest().get('/gioi-thieu')).body;
      assert.match(vi, /<p class="footer-name">Sở Khoa học và Công nghệ tỉnh Thử Nghiệm<\/p>/);
      assert.match(
        vi,
        /<p>Địa chỉ: 12 đường Trần Phú, TP. Thử Nghiệm<\/p>\s*<p>Điện thoại: 0203 3851 234<\/p>\s*<p>Email: <a href="mailto:vanphong@sokhcn.example.gov.vn">vanphong@sokhcn.example.gov.vn<\/a><\/p>\s*<p>Chịu trách nhiệm nội dung: Ông Nguyễn Văn An, Giám đốc Sở<\/p>\s*<p>Giấy phép số 05\/GP-TTĐT/,
      );
      // The logo: the smallest WebP variant, with its width and height so the banner never jumps.
      assert.match(
        vi,
        /<a class="site-brand" href="\/"><img class="site-logo" src="\/media\/[a-f0-9]{24}-\d+\.webp" alt="" width="\d+" height="\d+"><span class="site-title"><span class="site-name">Cổng thông tin điện tử Sở KH&amp;CN<\/span><span class="site-agency">Sở Khoa học và Công nghệ tỉnh Thử Nghiệm<\/span>/,
      );
      const en = (await guest().get('/en/')).body;
      assert.match(en, /<p class="footer-name">Department of Science and Technology of Thu Nghiem Province<\/p>/);
      assert.match(
        en,
        /<p>Address: 12 Tran Phu Street, Thu Nghiem City<\/p>\s*<p>Phone: 0203 3851 234<\/p>\s*<p>Email: <a href="mailto:vanphong@sokhcn.example.gov.vn">/,
      );
      assert.match(en, /<p>Responsible for content: <span lang="vi">Ông Nguyễn Văn An, Giám đốc Sở<\/span><\/p>/);
      assert.match(en, /<title>About the Department - Department of Science and Technology portal<\/title>/);
      // The contact page repeats how to reach the agency.
      assert.match(
        (await guest().get('/lien-he')).body,
        /<section class="org-contact"><h2>Sở Khoa học và Công nghệ tỉnh Thử Nghiệm<\/h2><dl class="org-details"><dt>Địa chỉ<\/dt>/,
      );

      const bad = await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', { name: 'Tên', email: 'sai@' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Email cơ quan không hợp lệ/);
      // Without a logo of its own, the banner shows the project's emblem at its drawn size.
      await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', { name: 'Cổng thông tin điện tử Sở KH&CN' });
      assert.match(
        (await guest().get('/')).body,
        /<img class="site-logo" src="\/assets\/emblem\.[a-f0-9]{12}\.svg" alt="" width="64" height="64">/,
      );
    });

    test('no category can take the pages\u2019 addresses', async () => {
      for (const slug of ['gioi-thieu', 'en', 'lien-he']) {
        const res = await admin.submit('/quan-tri/chuyen-muc', '/quan-tri/chuyen-muc', { name: 'Chuyên mục', slug });
        assert.equal(res.statusCode, 400, slug);
        assert.match(res.body, /trùng với một trang của hệ thống/);
      }
    });

    test('every field, filled with the XSS corpus, is shown escaped on the public and back-office pages', async () => {
      const payloads = xssCorpus();
      const db = t.database.handle.kysely;
      const unitId = (await db.selectFrom('org_units').select('id').executeTakeFirstOrThrow()).id;
      // Each round puts a different payload in every text field; the schema's own normalising is what is stored.
      const squash = (s: string) => toNfc(s).replace(/\s+/g, ' ').trim();
      const fields: {
        form: 'page' | 'unit' | 'leader' | 'settings';
        name: string;
        max: number;
        store?: (s: string) => string;
      }[] = [
        { form: 'page', name: 'titleVi', max: 200 },
        { form: 'page', name: 'titleEn', max: 200 },
        ...['name', 'nameEn', 'head', 'phone', 'address'].map((name) => ({
          form: 'unit' as const,
          name,
          max: name === 'phone' ? 60 : 200,
        })),
        ...['name', 'role', 'roleEn', 'phone'].map((name) => ({
          form: 'leader' as const,
          name,
          max: name === 'name' ? 120 : name === 'phone' ? 60 : 200,
        })),
        ...[
          'name',
          'description',
          'agency',
          'address',
          'phone',
          'responsible',
          'licence',
          'nameEn',
          'descriptionEn',
          'agencyEn',
          'addressEn',
        ].map((name) => ({
          form: 'settings' as const,
          name,
          max: name === 'phone' ? 60 : name.startsWith('name') ? 120 : 200,
          store: (s: string) => toNfc(s).trim(),
        })),
      ];
      let shown = 0;
      for (let round = 0; round * fields.length < payloads.length; round++) {
        const forms: Record<string, Record<string, string>> = { page: {}, unit: {}, leader: {}, settings: {} };
        const expected: string[] = [];
        fields.forEach((f, i) => {
          const p = `${payloads[(round * fields.length + i) % payloads.length]!} ${round}.${i}`.slice(-f.max);
          forms[f.form]![f.name] = p;
          expected.push((f.store ?? squash)(p));
        });
        const saves = [
          await editor.submit(`${ADMIN}/co-cau-to-chuc`, `${ADMIN}/co-cau-to-chuc`, {
            ...forms.page,
            bodyVi: payloads[round]!,
            bodyEn: payloads[round + 1]!,
          }),
          await editor.submit(`${ADMIN}/co-cau-to-chuc/${unitId}`, `${ADMIN}/co-cau-to-chuc/${unitId}`, forms.unit!),
          await editor.submit(`${ADMIN}/lanh-dao`, `${ADMIN}/lanh-dao/moi`, forms.leader!),
          await admin.submit('/quan-tri/cai-dat', '/quan-tri/cai-dat', forms.settings!),
        ];
        for (const s of saves) assert.equal(s.statusCode, 303, s.body.slice(0, 300));
        const leaderId = (
          await db.selectFrom('org_leaders').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
        ).id;
        const pages = await Promise.all(
          [
            guest().get('/co-cau-to-chuc'),
            guest().get('/en/structure'),
            guest().get('/lanh-dao'),
            guest().get('/en/leaders'),
            editor.get(`${ADMIN}/co-cau-to-chuc`),
            editor.get(`${ADMIN}/co-cau-to-chuc/${unitId}`),
            editor.get(`${ADMIN}/lanh-dao/${leaderId}`),
            admin.get('/quan-tri/cai-dat'),
          ].map(async (r) => (await r).body),
        );
        for (const body of pages) {
          assert.doesNotMatch(body, /<script\b(?![^>]*\ssrc=)/i, 'no inline script');
          // Escaped text has no raw quote, so blanking quoted values leaves only the markup's own attributes.
          assert.doesNotMatch(
            body.replace(/"[^"]*"/g, '""'),
            /<[a-z][^>]*\son[a-z]+\s*=/i,
            'no event handler attribute',
          );
          assert.doesNotMatch(body, /(?:href|src|action|data|formaction)\s*=\s*["']?\s*javascript:/i);
        }
        const all = pages.join('\n');
        for (const value of expected) {
          assert.ok(all.includes(escapeHtml(value)), `shown escaped: ${value}`);
          if (/[<>"]/.test(value)) assert.ok(!all.includes(value), `never raw: ${value}`);
          shown++;
        }
        await db.deleteFrom('org_leaders').execute();
      }
      assert.ok(shown >= payloads.length, `${shown} values of ${payloads.length} payloads`);
    });
  });
}
