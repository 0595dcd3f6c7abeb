/**
 * Article page cost with 500 approved comments, against the same page with
 * none, measured in one run on this machine: guests (shared cache) and a
 * signed-in reader (rendered every time). Prints figures and ratios only.
 *
 *   node --import tsx bench/comments.bench.ts
 */
import { performance } from 'node:perf_hooks';
import { insertComment, refreshCommentCounts } from '../src/comments/comments.repo.js';
import { makeUser } from '../test/support/accounts.js';
import { Client } from '../test/support/client.js';
import { makeArticle, makeCategory } from '../test/support/factories.js';
import { createTestApp } from '../test/support/test-app.js';

const REQUESTS = 400;

const t = await createTestApp('sqlite', { env: { PAGE_CACHE_SECONDS: '60' } });
try {
  const cat = await makeCategory(t.site, { slug: 'tin-tuc' });
  const empty = await makeArticle(t.site, { categoryId: cat, title: 'Bài không có ý kiến' });
  const busy = await makeArticle(t.site, { categoryId: cat, title: 'Bài có 500 ý kiến' });
  await t.database.handle.db.transaction().execute(async (trx) => {
    for (let i = 1; i <= 500; i++) {
      await insertComment(
        trx,
        { article_id: busy.id, parent_id: null, user_id: null, author_name: `Bạn đọc ${i}`, author_email: null, body: `Ý kiến số ${i}: ${'nội dung '.repeat(20)}`, status: 'approved', is_official: 0, ip: '', content_hash: `h${i}` },
        new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      );
    }
    await refreshCommentCounts(trx, [busy.id]);
  });
  t.site.contentChanged();
  await makeUser(t, { email: 'bench@example.vn', role: 'reader', password: 'mật khẩu đo tốc độ' });
  const reader = new Client(t.app);
  await reader.logIn('bench@example.vn', 'mật khẩu đo tốc độ');
  const guest = new Client(t.app);

  async function rate(client: Client, url: string, newestPage = false): Promise<number> {
    const target = newestPage ? `${url}?y-kien=10` : url;
    for (let i = 0; i < 20; i++) await client.get(target);
    const start = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const res = await client.get(target);
      if (res.statusCode !== 200) throw new Error(`${target}: ${res.statusCode}`);
    }
    return REQUESTS / ((performance.now() - start) / 1000);
  }

  const rows: [string, number, number][] = [];
  for (const [label, client] of [['guest (cached)', guest], ['signed-in (rendered)', reader]] as const) {
    const base = await rate(client, empty.url);
    rows.push([`${label}, page 1`, base, await rate(client, busy.url)]);
    rows.push([`${label}, newest page`, base, await rate(client, busy.url, true)]);
  }
  console.log(`article page, requests/s through app.inject (${REQUESTS} sequential requests each)`);
  for (const [label, base, withComments] of rows) {
    console.log(`${label.padEnd(34)} no comments ${base.toFixed(0).padStart(6)}   500 comments ${withComments.toFixed(0).padStart(6)}   ratio ${(withComments / base).toFixed(2)}`);
  }
} finally {
  await t.close();
}
