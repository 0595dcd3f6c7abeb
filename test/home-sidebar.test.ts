import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WebContext } from '../src/app-context.js';
import type { Actor } from '../src/accounts/roles.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
} from '../src/documents/documents.service.js';
import { renderSidebar, SidebarBlocks, sidebarList } from '../src/home/sidebar.js';
import { afterAction, type Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const PAGE = '/quan-tri/cai-dat/trang-chu';

/** The side column's block headings, in page order. */
function sideBlocks(body: string): string[] {
  const side = /<aside class="home-side"[^>]*>([\s\S]*?)<\/aside>/.exec(body)?.[1] ?? '';
  return [...side.matchAll(/<h2 id="kb-([a-z-]+)"/g)].map((m) => m[1]!);
}

/** Every field of the form as the page shows it, so a test changes only what it means to. */
function formFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of body.matchAll(/<input([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[1]!)?.[1];
    if (!name) continue;
    if (/type="checkbox"/.test(m[1]!)) {
      if (/ checked/.test(m[1]!)) fields[name] = '1';
    } else fields[name] = /value="([^"]*)"/.exec(m[1]!)?.[1] ?? '';
  }
  return fields;
}

for (const dialect of backends()) {
  describe(`home page side column on ${dialect}`, () => {
    let t: TestApp;
    let admin: Client;

    before(async () => {
      t = await createTestApp(dialect);
      const categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
      await makeArticle(t.site, { categoryId });
      admin = (await signedIn(t, 'admin', 'Quản trị Viên')).client;
    });
    after(() => t.close());

    async function save(change: (f: Record<string, string>) => void) {
      const page = await admin.get(PAGE);
      assert.equal(page.statusCode, 200);
      const fields = formFields(page.body);
      change(fields);
      return admin.post(PAGE, fields);
    }

    test('by default the column shows the statistics; blocks with nothing to show (no links, no documents yet) are left out', async () => {
      const home = await t.app.inject('/');
      assert.deepEqual(sideBlocks(home.body), ['stats']);
    });

    test('the admin adds links, reorders and switches off blocks; the home page follows at once and the change is audited', async () => {
      const res = await save((f) => {
        f.linkName0 = 'Cổng thông tin điện tử Chính phủ';
        f.linkUrl0 = 'https://chinhphu.vn';
        f.linkPosition0 = '2';
        f.linkName1 = 'Bộ Thông tin và Truyền thông';
        f.linkUrl1 = 'https://mic.gov.vn';
        f.linkPosition1 = '1';
        f.statsPosition = '1';
        f.linksPosition = '2';
      });
      await afterAction(admin, res, PAGE, 'Đã lưu cột bên của trang chủ.');
      let home = await t.app.inject('/');
      assert.deepEqual(sideBlocks(home.body), ['stats', 'links']);
      const links = [...home.body.matchAll(/<li><a href="(https:[^"]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
      assert.deepEqual(links, [
        ['https://mic.gov.vn', 'Bộ Thông tin và Truyền thông'],
        ['https://chinhphu.vn', 'Cổng thông tin điện tử Chính phủ'],
      ]);

      assert.equal((await save((f) => delete f.statsOn)).statusCode, 303);
      home = await t.app.inject('/');
      assert.deepEqual(sideBlocks(home.body), ['links']);
      const audit = await t.database.handle.kysely
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'detail'])
        .where('entity_type', '=', 'home.sidebar')
        .execute();
      assert.equal(audit.length, 2);
      assert.match(audit[1]!.detail, /stats \(off\)/);
    });

    test('a bad link or position is refused in Vietnamese with a 400, and nothing is saved', async () => {
      const before = (await t.app.inject('/')).body;
      for (const [change, message] of [
        [(f: Record<string, string>) => (f.linkUrl0 = 'javascript:alert(1)'), 'phải bắt đầu bằng http'],
        [(f: Record<string, string>) => (f.linkUrl0 = 'chinhphu.vn'), 'phải bắt đầu bằng http'],
        [(f: Record<string, string>) => (f.linkName0 = ''), 'cần tên cơ quan'],
        [(f: Record<string, string>) => (f.linksPosition = 'abc'), 'Thứ tự phải là số nguyên'],
        [(f: Record<string, string>) => (f.linkPosition1 = '1000'), 'Thứ tự phải là số nguyên'],
      ] as const) {
        const res = await save(change);
        assert.equal(res.statusCode, 400, res.body.slice(0, 300));
        assert.ok(res.body.includes(message), message);
      }
      assert.equal((await t.app.inject('/')).body, before);
    });

    test('a provider registered by another module renders in the admin’s order; a block without one is not shown', async () => {
      const blocks = new SidebarBlocks()
        .register('latest-documents', async () => sidebarList([{ text: '42/2022/NĐ-CP', href: '/van-ban/1' }]))
        .register('links', async () => null);
      const side = (await renderSidebar(blocks, { site: t.site } as WebContext)).value;
      assert.deepEqual(sideBlocks(side), ['latest-documents']);
      assert.match(side, /<a href="\/van-ban\/1">42\/2022\/NĐ-CP<\/a>/);
    });

    test('"Văn bản mới" lists a document once one is published, linked to its page', async () => {
      const deps = documentDeps(t.site);
      await ensureDocumentTypes(deps);
      const type = (await listDocumentTypes(deps)).find((x) => x.name === 'Nghị định')!;
      const editor = await signedIn(t, 'editor', 'Biên tập Văn bản');
      const actor: Actor = { id: editor.id, role: 'editor', displayName: 'Biên tập Văn bản' };
      const saved = await createDocument(
        deps,
        actor,
        {
          code: '42/2022/NĐ-CP',
          typeId: type.id,
          issuer: 'Chính phủ',
          issuedOn: '24/06/2022',
          summary: 'Quy định về cung cấp thông tin trên trang thông tin điện tử',
          status: 'con_hieu_luc',
        },
        { publish: true, files: [] },
      );
      const home = await t.app.inject('/');
      assert.ok(sideBlocks(home.body).includes('latest-documents'), sideBlocks(home.body).join());
      assert.match(
        home.body,
        new RegExp(
          `<a href="/van-ban/${saved.slug}">Nghị định 42/2022/NĐ-CP</a> <span class="side-note">24/06/2022</span>`,
        ),
      );
    });

    test('only admins may change the column', async () => {
      const editor = (await signedIn(t, 'editor', 'Biên tập Viên')).client;
      assert.equal((await editor.get(PAGE)).statusCode, 403);
      assert.equal((await editor.post(PAGE, { statsOn: '1' })).statusCode, 403);
    });
  });
}
