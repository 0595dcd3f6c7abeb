import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Actor } from '../src/accounts/roles.js';
import { listAudit } from '../src/audit/audit.repo.js';
import { AppError } from '../src/errors.js';
import {
  compareRevisions,
  createArticle,
  dashboard,
  deleteArticle,
  getArticleForStaff,
  getRevisions,
  publishArticle,
  restoreRevision,
  returnArticle,
  submitArticle,
  unpublishArticle,
  updateArticle,
} from '../src/newsroom/newsroom.service.js';
import { insertMedia } from '../src/media/media.repo.js';
import { insertRevision, type StaffArticle } from '../src/newsroom/newsroom.repo.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase } from './support/databases.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';

async function rejectsWith(p: Promise<unknown>, status: number, message?: RegExp) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.status, status, err.publicMessage);
    if (message) assert.match(err.publicMessage, message);
    return true;
  });
}

for (const dialect of backends()) {
  describe(`newsroom services on ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    const author = actor('author', 'Phóng viên An');
    const otherAuthor = actor('author', 'Phóng viên Bình');
    const editor = actor('editor', 'Biên tập Chi');
    const admin = actor('admin', 'Quản trị Dũng');
    const reader = actor('reader');

    before(async () => {
      t = await createTestApp(dialect);
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    });
    after(() => t.close());

    const deps = () => t.site.deps;
    const content = (over: Record<string, unknown> = {}) => ({
      title: 'Hội thảo chuyển đổi số',
      sapo: 'Sáng nay, hội thảo đã diễn ra.',
      bodyHtml: '<p>Đoạn mở đầu của bài.</p>',
      byline: 'An',
      categoryId,
      tags: ['chuyển đổi số'],
      ...over,
    });

    /** An article by `author` brought into `status` by the desk. */
    async function articleIn(status: StaffArticle['status'], by: Actor = author): Promise<StaffArticle> {
      let a = await createArticle(deps(), by, content());
      if (status === 'draft') return a;
      a = await submitArticle(deps(), by, a.id, { version: a.version });
      if (status === 'submitted') return a;
      if (status === 'returned')
        return returnArticle(deps(), editor, a.id, { version: a.version, note: 'Bổ sung nguồn.' });
      a = await publishArticle(deps(), editor, a.id, { version: a.version });
      if (status === 'published') return a;
      return unpublishArticle(deps(), editor, a.id, { version: a.version });
    }

    // role × action: who may do what, checked on the server. "own" is the author who wrote it.
    type Who = 'anonymous' | 'reader' | 'own' | 'other author' | 'editor' | 'admin';
    const who: Record<Who, Actor | null> = {
      anonymous: null,
      reader,
      own: author,
      'other author': otherAuthor,
      editor,
      admin,
    };
    const table: {
      action: string;
      on: StaffArticle['status'];
      allowed: Who[];
      run: (x: Actor | null, a: StaffArticle) => Promise<unknown>;
    }[] = [
      {
        action: 'view',
        on: 'submitted',
        allowed: ['own', 'editor', 'admin'],
        run: (x, a) => getArticleForStaff(deps(), x, a.id),
      },
      {
        action: 'edit draft',
        on: 'draft',
        allowed: ['own', 'editor', 'admin'],
        run: (x, a) => updateArticle(deps(), x, a.id, content({ version: a.version, title: 'Sửa' })),
      },
      {
        action: 'edit submitted',
        on: 'submitted',
        allowed: ['editor', 'admin'],
        run: (x, a) => updateArticle(deps(), x, a.id, content({ version: a.version, title: 'Sửa' })),
      },
      {
        action: 'edit published',
        on: 'published',
        allowed: ['editor', 'admin'],
        run: (x, a) => updateArticle(deps(), x, a.id, content({ version: a.version, title: 'Sửa' })),
      },
      {
        action: 'submit',
        on: 'draft',
        allowed: ['own', 'editor', 'admin'],
        run: (x, a) => submitArticle(deps(), x, a.id, { version: a.version }),
      },
      {
        action: 'return',
        on: 'submitted',
        allowed: ['editor', 'admin'],
        run: (x, a) => returnArticle(deps(), x, a.id, { version: a.version, note: 'Sửa tít.' }),
      },
      {
        action: 'publish',
        on: 'submitted',
        allowed: ['editor', 'admin'],
        run: (x, a) => publishArticle(deps(), x, a.id, { version: a.version }),
      },
      {
        action: 'unpublish',
        on: 'published',
        allowed: ['editor', 'admin'],
        run: (x, a) => unpublishArticle(deps(), x, a.id, { version: a.version }),
      },
      {
        action: 'delete draft',
        on: 'draft',
        allowed: ['own', 'editor', 'admin'],
        run: (x, a) => deleteArticle(deps(), x, a.id, { version: a.version }),
      },
      {
        action: 'delete published',
        on: 'published',
        allowed: ['editor', 'admin'],
        run: (x, a) => deleteArticle(deps(), x, a.id, { version: a.version }),
      },
      {
        action: 'restore revision',
        on: 'returned',
        allowed: ['own', 'editor', 'admin'],
        run: async (x, a) => {
          const [rev] = await getRevisions(deps(), editor, a.id);
          return restoreRevision(deps(), x, a.id, rev!.id, { version: a.version });
        },
      },
    ];

    for (const row of table) {
      test(`permission: ${row.action}`, async () => {
        for (const [name, x] of Object.entries(who) as [Who, Actor | null][]) {
          const a = await articleIn(row.on);
          if (row.allowed.includes(name)) {
            await row.run(x, a);
          } else {
            await rejectsWith(row.run(x, a), 403, /không có quyền/);
            const after = await getArticleForStaff(deps(), editor, a.id);
            assert.equal(after.article.version, a.version, `${name}: a refused ${row.action} changed nothing`);
          }
        }
      });
    }

    test('permission: creating needs an author or above', async () => {
      await rejectsWith(createArticle(deps(), null, content()), 403);
      await rejectsWith(createArticle(deps(), reader, content()), 403);
      for (const x of [author, editor, admin])
        assert.equal((await createArticle(deps(), x, content())).author_id, x.id);
    });

    test('two people saving the same version: the second gets a conflict, not an overwrite', async () => {
      const a = await createArticle(deps(), author, content());
      await updateArticle(deps(), editor, a.id, content({ version: a.version, title: 'Bản của biên tập' }));
      await rejectsWith(
        updateArticle(deps(), author, a.id, content({ version: a.version, title: 'Bản của tác giả' })),
        409,
        /người khác/,
      );
      const now = await getArticleForStaff(deps(), editor, a.id);
      assert.equal(now.article.title, 'Bản của biên tập');
      assert.equal(now.article.version, 2);
    });

    test('every save sanitises the body, whatever the client sent', async () => {
      const dirty =
        '<p style="color:red" onclick="x()">Chữ <b>đậm</b><script>alert(1)</script></p>' +
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">link</a><iframe src="//evil"></iframe>' +
        '<h2 class="MsoHeading2"><span style="font-size:14pt">Tiêu đề</span></h2>';
      const a = await createArticle(deps(), author, content({ bodyHtml: dirty }));
      const body = a.body_html;
      for (const bad of ['script', 'style=', 'onclick', 'onerror', 'javascript:', 'iframe', 'class=']) {
        assert.ok(!body.includes(bad), `${bad} removed: ${body}`);
      }
      assert.match(body, /<p>Chữ <b>đậm<\/b><\/p>/);
      assert.match(body, /<h2>Tiêu đề<\/h2>/);
    });

    test('bad input gets a Vietnamese 400 and writes nothing', async () => {
      await rejectsWith(createArticle(deps(), author, content({ title: '   ' })), 400, /Tiêu đề không được để trống/);
      await rejectsWith(createArticle(deps(), author, content({ categoryId: 999999 })), 400, /Chuyên mục/);
      await rejectsWith(createArticle(deps(), author, content({ title: 42 })), 400, /không hợp lệ/);
      const a = await articleIn('submitted');
      await rejectsWith(returnArticle(deps(), editor, a.id, { version: a.version, note: ' ' }), 400, /lý do/);
      await rejectsWith(publishArticle(deps(), editor, a.id, { version: a.version, at: 'ngày mai' }), 400, /Thời điểm/);
      await rejectsWith(unpublishArticle(deps(), editor, a.id, { version: a.version }), 409, /Chờ biên tập/);
      assert.equal((await getArticleForStaff(deps(), editor, a.id)).article.status, 'submitted');
    });

    test('the review loop: return with a note, fix, resubmit, publish; each step in the audit log', async () => {
      let a = await articleIn('submitted');
      a = await returnArticle(deps(), editor, a.id, { version: a.version, note: 'Thiếu ý kiến chuyên gia.' });
      assert.equal(a.status, 'returned');
      assert.equal(a.review_note, 'Thiếu ý kiến chuyên gia.');
      a = await updateArticle(
        deps(),
        author,
        a.id,
        content({ version: a.version, bodyHtml: '<p>Đã bổ sung ý kiến chuyên gia.</p>' }),
      );
      a = await submitArticle(deps(), author, a.id, { version: a.version });
      a = await publishArticle(deps(), editor, a.id, { version: a.version });
      assert.equal(a.status, 'published');
      assert.equal(a.review_note, '', 'the note is cleared once published');
      const log = (await listAudit(t.site.db.kysely, { limit: 100, offset: 0 })).filter((l) => l.entity_id === a.id);
      assert.deepEqual(log.map((l) => l.action).reverse(), [
        'article.submit',
        'article.return',
        'article.submit',
        'article.publish',
      ]);
      assert.equal(log[0]!.actor_name, 'Biên tập Chi');
      const dash = await dashboard(deps(), author);
      assert.ok(!dash.myDrafts.some((d) => d.id === a.id));
    });

    test('revisions: kept when content changes, compared word by word, restored as a new save', async () => {
      let a = await createArticle(deps(), author, content({ bodyHtml: '<p>Hà Nội mưa to.</p>' }));
      a = await updateArticle(
        deps(),
        author,
        a.id,
        content({ version: a.version, bodyHtml: '<p>Hà Nội nắng đẹp.</p>' }),
      );
      a = await updateArticle(
        deps(),
        author,
        a.id,
        content({ version: a.version, bodyHtml: '<p>Hà Nội nắng đẹp.</p>' }),
      );
      const revs = await getRevisions(deps(), author, a.id);
      assert.equal(revs.length, 2, 'a save that changed nothing keeps no revision');
      const [latest, first] = revs;
      const diff = await compareRevisions(deps(), author, a.id, first!.id, latest!.id);
      assert.deepEqual(
        diff.body.filter((p) => p.kind !== 'same').map((p) => `${p.kind}:${p.text.trim()}`),
        ['removed:mưa to', 'added:nắng đẹp'],
      );
      a = await restoreRevision(deps(), author, a.id, first!.id, { version: a.version });
      assert.equal(a.body_html, '<p>Hà Nội mưa to.</p>');
      const after = await getRevisions(deps(), author, a.id);
      assert.equal(after.length, 3);
      assert.equal(after[0]!.note, 'Khôi phục từ bản 1');
      await rejectsWith(restoreRevision(deps(), author, a.id, first!.id, { version: a.version - 1 }), 409);
    });

    test('revisions keep every field of the form: the diff names what changed, a restore brings it all back', async () => {
      const otherCategory = await makeCategory(t.site, { slug: `kinh-te-${dialect}`, name: 'Kinh tế' });
      const now = new Date().toISOString();
      const image = (name: string, key: string) =>
        insertMedia(t.database.handle.kysely, {
          kind: 'image',
          storage_key: key,
          original_name: name,
          mime: 'image/jpeg',
          ext: 'jpg',
          bytes: 10,
          width: 800,
          height: 600,
          variant_widths: '480,800',
          alt: '',
          uploaded_by: null,
          created_at: now,
        });
      const coverA = await image('anh-bia-a.jpg', `${dialect}a`.padEnd(24, '0'));
      const first = {
        byline: 'An',
        categoryId,
        tags: ['khoa học', 'đổi mới'],
        coverMediaId: coverA,
        seoTitle: 'SEO một',
        seoDescription: 'Mô tả một',
        allowComments: true,
      };
      let a = await createArticle(deps(), author, content(first));
      a = await updateArticle(
        deps(),
        author,
        a.id,
        content({
          version: a.version,
          byline: 'Bình',
          categoryId: otherCategory,
          tags: ['kinh tế'],
          coverMediaId: null,
          seoTitle: 'SEO hai',
          seoDescription: 'Mô tả hai',
          allowComments: false,
        }),
      );
      const [second, original] = await getRevisions(deps(), author, a.id);
      assert.equal(second!.article_version, 2, 'a save that changed only the other fields keeps a revision');

      const diff = await compareRevisions(deps(), author, a.id, original!.id, second!.id);
      assert.equal(diff.partial, false);
      const changes = Object.fromEntries(
        diff.fields.map((f) => [f.field, f.parts.map((p) => `${p.kind}:${p.text}`).join('|')]),
      );
      assert.deepEqual(Object.keys(changes), [
        'byline',
        'category',
        'tags',
        'cover',
        'seoTitle',
        'seoDescription',
        'allowComments',
      ]);
      assert.equal(changes.category, 'removed:Tin tức|added:Kinh tế');
      assert.equal(changes.cover, 'removed:anh-bia-a.jpg|added:(trống)');
      assert.equal(changes.allowComments, 'removed:Có|added:Không');
      assert.ok(
        diff.body.every((p) => p.kind === 'same'),
        'the body did not change',
      );
      assert.deepEqual(
        (await compareRevisions(deps(), author, a.id, original!.id, original!.id)).fields,
        [],
        'a revision equals itself',
      );

      a = await restoreRevision(deps(), author, a.id, original!.id, { version: a.version });
      assert.equal(a.byline, 'An');
      assert.equal(a.category_id, categoryId);
      assert.equal(a.cover_media_id, coverA);
      assert.equal(a.seo_title, 'SEO một');
      assert.equal(a.seo_description, 'Mô tả một');
      assert.equal(a.comments_closed, 0);
      assert.deepEqual((await getArticleForStaff(deps(), author, a.id)).tags, ['khoa học', 'đổi mới']);
      const [restored] = await getRevisions(deps(), author, a.id);
      assert.equal(restored!.note, 'Khôi phục từ bản 1');
      assert.deepEqual(
        (await compareRevisions(deps(), author, a.id, original!.id, restored!.id)).fields,
        [],
        'the restore is the first version again',
      );
    });

    test('a revision from before every field was kept restores headline, sapo and body, and leaves the rest', async () => {
      let a = await createArticle(deps(), author, content({ title: 'Tiêu đề mới', byline: 'Chi', tags: ['mới'] }));
      // What migration 008 leaves for an older revision: the new columns null.
      const oldId = await insertRevision(t.database.handle.kysely, {
        article_id: a.id,
        article_version: 1,
        title: 'Tiêu đề cũ',
        sapo: 'Sapo cũ',
        body_html: '<p>Thân bài cũ.</p>',
        byline: null,
        category_id: null,
        tags: null,
        cover_media_id: null,
        seo_title: null,
        seo_description: null,
        comments_closed: null,
        actor_id: null,
        actor_name: 'Nhập cũ',
        note: '',
        created_at: new Date(0).toISOString(),
      });
      const [current] = await getRevisions(deps(), author, a.id);
      const diff = await compareRevisions(deps(), author, a.id, oldId, current!.id);
      assert.equal(diff.partial, true);
      assert.deepEqual(diff.fields, []);
      a = await restoreRevision(deps(), author, a.id, oldId, { version: a.version });
      assert.equal(a.title, 'Tiêu đề cũ');
      assert.equal(a.body_html, '<p>Thân bài cũ.</p>');
      assert.equal(a.byline, 'Chi', 'not recorded, so not changed');
      assert.deepEqual((await getArticleForStaff(deps(), author, a.id)).tags, ['mới']);
    });
  });
}

for (const dialect of backends()) {
  describe(`scheduled publishing on ${dialect}`, () => {
    test('is carried out at its time, and after a restart catches up on what fell due while down', async () => {
      const database = await createTestDatabase(dialect);
      let clock = Date.parse('2026-03-01T01:00:00Z');
      const now = () => new Date(clock);
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        LOG_LEVEL: 'silent',
        PAGE_CACHE_SECONDS: '600',
      });
      const editor = actor('editor');
      const first = await buildApp({ config, db: database.handle, now });
      await first.app.ready();
      const categoryId = await makeCategory(first.site, { slug: 'hen-gio', name: 'Hẹn giờ' });
      const schedule = async (title: string, inMinutes: number) => {
        const a = await createArticle(first.site.deps, editor, { title, categoryId });
        return publishArticle(first.site.deps, editor, a.id, {
          version: a.version,
          at: new Date(clock + inMinutes * 60_000).toISOString(),
        });
      };
      await schedule('Bài lên lúc chín giờ', 60);
      await schedule('Bài lên lúc mười giờ', 120);
      const count = async (site: typeof first.site) => (await site.categories()).get(categoryId)!.published_count;

      assert.ok(!(await first.app.inject('/')).body.includes('Bài lên lúc chín giờ'));
      assert.equal(await count(first.site), 0, 'scheduled articles are not counted before their time');

      clock += 61 * 60_000;
      assert.equal(await first.scheduler.runDue(), 1);
      assert.equal(await count(first.site), 1);
      // The home page was cached for ten minutes; the scheduler's content change must drop it.
      assert.ok((await first.app.inject('/')).body.includes('Bài lên lúc chín giờ'));
      await first.app.close();
      await database.handle.destroy();

      // Down while the second one falls due; the next start carries it out.
      clock += 120 * 60_000;
      const handle = createDb(database.url);
      const second = await buildApp({ config, db: handle, now });
      try {
        await second.app.ready();
        assert.equal(await count(second.site), 2);
        const log = await listAudit(handle.kysely, { limit: 10, offset: 0 });
        assert.equal(log.filter((l) => l.action === 'article.scheduled_live').length, 2);
        assert.equal(await second.scheduler.runDue(), 0, 'nothing is carried out twice');
      } finally {
        await second.app.close();
        await handle.destroy();
        await database.drop();
      }
    });
  });
}
