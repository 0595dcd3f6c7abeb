import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArticleStatus } from '../src/db/schema.js';
import { canTransition, type WorkflowAction } from '../src/newsroom/workflow.js';
import type { Client } from './support/client.js';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const STATUSES: ArticleStatus[] = ['draft', 'submitted', 'returned', 'published', 'unpublished'];
const ACTION_PATHS: Record<WorkflowAction, string> = {
  submit: 'gui',
  withdraw: 'rut-lai',
  return: 'tra-lai',
  publish: 'xuat-ban',
  unpublish: 'go',
};

for (const dialect of backends()) {
  describe(`workflow buttons on ${dialect}`, () => {
    let t: TestApp;
    let admin: Client;
    let categoryId: number;

    before(async () => {
      t = await createTestApp(dialect);
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      admin = (await signedIn(t, 'admin', 'Quản trị')).client;
    });
    after(() => t.close());

    // The page offers exactly what the workflow table allows: the table is the one list of FROM states.
    test('the edit page shows an action exactly when workflow.ts allows it from the status', async () => {
      for (const status of STATUSES) {
        const { id } = await makeArticle(t.site, { categoryId, status: 'draft', publishedAt: null });
        await t.database.handle.kysely.updateTable('articles').set({ status }).where('id', '=', id).execute();
        const page = await admin.get(`/quan-tri/bai-viet/${id}`);
        assert.equal(page.statusCode, 200);
        for (const [action, path] of Object.entries(ACTION_PATHS) as [WorkflowAction, string][]) {
          const shown = page.body.includes(`action="/quan-tri/bai-viet/${id}/${path}"`);
          assert.equal(shown, canTransition(action, status), `${action} from ${status}`);
        }
      }
    });
  });
}
