import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  compareRevisions,
  createArticle,
  getRevisions,
  publishArticle,
  restoreRevision,
  updateArticle,
} from '../src/newsroom/newsroom.service.js';
import { actor } from './support/actors.js';
import { backends } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

for (const dialect of backends()) {
  describe(`"Tin nổi bật" leads the home page, ${dialect}`, () => {
    let t: TestApp;
    let categoryId: number;
    let clock = Date.parse('2026-12-05T01:00:00Z');
    const editor = actor('editor', 'Biên tập Chi');

    before(async () => {
      t = await createTestApp(dialect, { env: { PAGE_CACHE_SECONDS: '0' }, now: () => new Date(clock) });
      categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
    });
    after(() => t.close());

    async function publish(title: string, featured?: boolean) {
      clock += 60_000;
      const a = await createArticle(t.site.deps, editor, { title, bodyHtml: '<p>Nội dung.</p>', categoryId, featured });
      return publishArticle(t.site.deps, editor, a.id, { version: a.version });
    }
    const lead = async () => /<h3 class="lead-title"><a [^>]*>([^<]+)<\/a>/.exec((await t.app.inject('/')).body)?.[1];
    const content = (title: string, featured?: boolean) => ({
      title,
      bodyHtml: '<p>Nội dung.</p>',
      categoryId,
      featured,
    });

    test('the newest featured article leads, ahead of newer ones; without one the newest leads', async () => {
      const chosen = await publish('Bài được chọn làm tin nổi bật', true);
      await publish('Bài mới hơn nhưng không nổi bật');
      assert.equal(await lead(), 'Bài được chọn làm tin nổi bật');
      const latest = /<section class="latest"[\s\S]*?<\/section>/.exec((await t.app.inject('/')).body)![0];
      assert.ok(latest.includes('Bài mới hơn nhưng không nổi bật'));
      assert.ok(!latest.includes('Bài được chọn làm tin nổi bật'), 'not listed again under "Tin mới"');

      // A save without the field (an import, the API) keeps the flag; the form's unticked box clears it.
      const kept = await updateArticle(t.site.deps, editor, chosen.id, {
        ...content('Bài được chọn làm tin nổi bật'),
        version: chosen.version,
      });
      assert.equal(kept.featured, 1);
      assert.equal(await lead(), 'Bài được chọn làm tin nổi bật');
      await updateArticle(t.site.deps, editor, chosen.id, {
        ...content('Bài được chọn làm tin nổi bật', false),
        version: kept.version,
      });
      assert.equal(await lead(), 'Bài mới hơn nhưng không nổi bật');
    });

    test('a revision keeps the flag: the diff names it, and a restore brings it back', async () => {
      const a = await createArticle(t.site.deps, editor, content('Bài đổi tin nổi bật'));
      const marked = await updateArticle(t.site.deps, editor, a.id, {
        ...content('Bài đổi tin nổi bật', true),
        version: a.version,
      });
      const [second, first] = await getRevisions(t.site.deps, editor, a.id);
      assert.equal(second!.revision_number, 2, 'ticking the box alone is a change worth a revision');
      const diff = await compareRevisions(t.site.deps, editor, a.id, first!.id, second!.id);
      assert.deepEqual(
        diff.fields.map((f) => [f.field, f.parts.map((p) => `${p.kind}:${p.text}`)]),
        [['featured', ['removed:Không', 'added:Có']]],
      );
      const restored = await restoreRevision(t.site.deps, editor, a.id, first!.id, { version: marked.version });
      assert.equal(restored.featured, 0, 'back to not featured, as in Bản 1');
    });

    test('a featured article scheduled for later does not lead before its time', async () => {
      const later = await createArticle(t.site.deps, editor, content('Bài hẹn giờ nổi bật', true));
      await publishArticle(t.site.deps, editor, later.id, {
        version: later.version,
        at: new Date(clock + 3_600_000).toISOString(),
      });
      assert.notEqual(await lead(), 'Bài hẹn giờ nổi bật');
    });
  });
}
