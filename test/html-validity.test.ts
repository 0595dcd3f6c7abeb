import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { insertComment, refreshTargetCounts } from '../src/comments/comments.repo.js';
import { demoOrganisation } from '../src/demo/organisation-demo.js';
import { saveConsultationReport, setConsultation } from '../src/documents/consultation.service.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
} from '../src/documents/documents.service.js';
import { createMediaDeps, findMedia, uploadMedia } from '../src/media/media.service.js';
import { seedOrganisation } from '../src/organisation/organisation.service.js';
import { figureHtml } from '../src/media/media-urls.js';
import { actor } from './support/actors.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { checkHtml } from './support/vnu.js';

describe('public pages are valid HTML (Nu Html Checker)', () => {
  let t: TestApp;
  let dataDir: string;
  let article: string;
  let documentPage: string;
  let consultationPage: string;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-vnu-site-'));
    t = await createTestApp('sqlite', { env: { DATA_DIR: dataDir, SITE_URL: 'https://skhcn.example.vn' } });
    const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    const local = await makeCategory(t.site, { slug: 'dia-phuong', name: 'Địa phương', parentSlug: 'tin-tuc' });
    const media = createMediaDeps(t.database.handle, t.config, t.site.now);
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#446' } })
      .jpeg()
      .toBuffer();
    const image = await uploadMedia(media, actor('editor', 'Biên tập Chi'), {
      filename: 'anh.jpg',
      data: photo,
      alt: 'Hội nghị',
    });
    const row = (await findMedia(t.database.handle.kysely, image.id))!;
    article = (
      await makeArticle(t.site, {
        categoryId: local,
        title: 'Hội nghị <tổng kết> & "chuyển đổi số"',
        body: `<p>Đoạn <strong>một</strong> có <a href="/tin-tuc">liên kết</a>.</p>${figureHtml(row, 'Chú thích ảnh').value}<h2>Phần hai</h2><ul><li>Mục</li></ul><table><tbody><tr><td>Ô</td></tr></tbody></table><blockquote><p>Trích dẫn</p></blockquote>`,
        tags: ['chuyển đổi số'],
      })
    ).url;
    for (let i = 0; i < 3; i++) await makeArticle(t.site, { categoryId: news });
    await seedOrganisation(t.site.deps, demoOrganisation);
    const docs = documentDeps(t.site);
    await ensureDocumentTypes(docs);
    const type = (await listDocumentTypes(docs)).find((x) => x.name === 'Nghị định')!;
    const saved = await createDocument(
      docs,
      actor('editor', 'Biên tập Chi'),
      {
        code: '42/2022/NĐ-CP',
        typeId: type.id,
        issuer: 'Chính phủ',
        issuedOn: '24/06/2022',
        summary: 'Quy định về việc cung cấp thông tin trên trang thông tin điện tử của cơ quan nhà nước',
        status: 'con_hieu_luc',
      },
      { publish: true, files: [] },
    );
    documentPage = `/van-ban/${saved.slug}`;
    // A draft under consultation with a published góp ý, a reply and a published report.
    const draft = await createDocument(
      docs,
      actor('editor', 'Biên tập Chi'),
      {
        code: '25/2026/QĐ-UBND',
        typeId: type.id,
        issuer: 'UBND tỉnh',
        issuedOn: '01/12/2026',
        summary: 'Dự thảo quy chế quản lý cổng thông tin <điện tử> & "dịch vụ công"',
        status: 'du_thao',
      },
      { publish: true, files: [] },
    );
    const editorActor = actor('editor', 'Biên tập Chi');
    await setConsultation(docs, editorActor, draft.id, { opensOn: '', closesOn: '2099-12-31' });
    const db = t.database.handle.kysely;
    const gopY = {
      article_id: null,
      document_id: draft.id,
      parent_id: null,
      user_id: null,
      author_name: 'Người <góp> ý',
      author_email: 'a@example.vn',
      body: 'Đề nghị sửa Điều 3 & bổ sung https://example.vn/du-thao?a=1&b=2\n\nĐoạn hai.',
      status: 'approved' as const,
      is_official: 0,
      ip: '',
      content_hash: 'h',
    };
    const parent = await insertComment(db, gopY, new Date().toISOString());
    await insertComment(
      db,
      { ...gopY, parent_id: parent, is_official: 1, body: 'Xin tiếp thu.' },
      new Date().toISOString(),
    );
    await refreshTargetCounts(db, [gopY]);
    await saveConsultationReport(docs, editorActor, draft.id, {
      report: 'Tiếp thu 3 góp ý.\n\nGiải trình <1> góp ý.',
      publish: true,
      file: null,
    });
    consultationPage = `/van-ban/${draft.slug}`;
  });
  after(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('0 errors on every page in the list, and the checker does find a broken one', async () => {
    // One line per page.
    const urls = [
      '/',
      '/tin-tuc',
      '/dia-phuong',
      () => article,
      () => `/ban-in${article}`,
      () => `/luu${article}`,
      '/tim-kiem?q=h%E1%BB%99i+ngh%E1%BB%8B',
      '/tim-kiem',
      '/rss',
      '/dang-nhap',
      '/khong-co-trang-nay',
      '/van-ban',
      '/van-ban?q=nghi+dinh+42',
      () => documentPage,
      '/van-ban/du-thao',
      '/van-ban/du-thao/da-het-han',
      () => consultationPage,
      '/gioi-thieu',
      '/co-cau-to-chuc',
      '/lanh-dao',
      '/en/',
      '/en/structure',
    ];
    const pages: Record<string, string> = {};
    for (const entry of urls) {
      const url = typeof entry === 'function' ? entry() : entry;
      const res = await t.app.inject(url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      pages[url] = res.body;
    }
    // Checked in the same run (one JVM start): proof that the checker reads the pages and reports per page.
    const broken =
      '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi</title></head><body><p><div>Lỗi</p></body></html>';
    const { broken: brokenReport, ...report } = await checkHtml({ ...pages, broken });
    assert.ok(brokenReport!.length > 0, 'the broken page has errors');
    const errors = Object.entries(report).flatMap(([url, messages]) =>
      messages.map((msg) => `${url}:${msg.lastLine ?? '?'}: ${msg.message} ${JSON.stringify(msg.extract ?? '')}`),
    );
    assert.deepEqual(errors, []);
  });
});
