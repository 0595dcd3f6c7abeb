import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

// Issue 16: on PostgreSQL every statement is a round trip that costs the
// server and the driver more than the look-up itself, so a page view may make
// at most two. Counted on the real connections: every statement a pool client
// sends (pg's Client.query) while one page renders.
const url = process.env.TEST_DATABASE_URL;

describe('statements per uncached page on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  let t: TestApp;
  let sent: { text: string; name?: string }[] = [];
  const query = pg.Client.prototype.query;
  let newest: { id: number; url: string };
  let oldest: { id: number; url: string };

  before(async () => {
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [q] = args as [string | { text: string; name?: string }];
      sent.push(typeof q === 'string' ? { text: q } : { text: q.text, name: q.name });
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    t = await createTestApp('postgres', { env: { PAGE_CACHE_SECONDS: '0' } });
    const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    await makeCategory(t.site, { slug: 'kinh-te', name: 'Kinh tế' });
    const saved = [];
    for (let i = 0; i < 8; i++) saved.push(await makeArticle(t.site, { categoryId: news, tags: ['Nông thôn mới'] }));
    oldest = saved[0]!;
    newest = saved.at(-1)!;
    // The first views read what is kept until content changes (categories, settings, the side column); an article
    // neither test below views, since its own reads are kept too.
    for (const path of [saved[3]!.url, '/']) assert.equal((await t.app.inject(path)).statusCode, 200);
  });
  after(async () => {
    pg.Client.prototype.query = query;
    await t?.close();
  });

  async function view(path: string) {
    // Timers (scheduler, visitor counts, webhook deliveries) may send statements of their own at any moment, the
    // end of a transaction they began before this view among them; they are not the page's. A page that needed a
    // transaction would still show the statements inside it.
    sent = [];
    const res = await t.app.inject(path);
    const timers = /webhook_deliveries|schedule_pending|stats_|^\s*(begin|commit|rollback)\b/i;
    return { res, statements: sent.filter((s) => !timers.test(s.text)) };
  }

  test('an article page is one named statement: the article, its tags and its related links', async () => {
    const { res, statements } = await view(oldest.url);
    assert.equal(res.statusCode, 200);
    assert.equal(statements.length, 1, statements.map((s) => s.text).join('\n'));
    assert.ok(statements[0]!.name, 'run as a named prepared statement');
    assert.match(res.body, /Nông thôn mới/, 'the tags came with it');
    // The oldest article has no older ones: its related links are the nearest newer ones, from the same statement.
    const related = [...res.body.matchAll(/href="(\/tin-tuc\/[^"]+-(\d+)\.html)"/g)].map((m) => Number(m[2]));
    for (const id of [2, 3, 4, 5, 6].map((n) => oldest.id + n - 1)) assert.ok(related.includes(id), `links ${id}`);
  });

  test('the newest article gets its older neighbours, in one statement too', async () => {
    const { res, statements } = await view(newest.url);
    assert.equal(res.statusCode, 200);
    assert.equal(statements.length, 1, statements.map((s) => s.text).join('\n'));
    assert.ok(res.body.includes(`-${newest.id - 1}.html"`), 'links the one before');
    // Until content changes, a render reads nothing.
    const again = await view(newest.url);
    assert.equal(again.statements.length, 0, again.statements.map((s) => s.text).join('\n'));
    assert.equal(again.res.body, res.body);
  });

  test('the home page reads all its lists in one named statement, once per content version', async () => {
    t.site.dropCaches();
    const first = await view('/');
    assert.equal(first.res.statusCode, 200);
    // After a change the tree, settings and side column are read again too; the lists are one statement of them.
    const lists = first.statements.filter((s) => /\barticles\b/.test(s.text));
    assert.equal(lists.length, 1, lists.map((s) => s.text).join('\n'));
    assert.ok(lists[0]!.name, 'run as a named prepared statement');
    assert.ok(first.res.body.includes(newest.url), 'the newest article leads');
    // Until content changes again, a render reads nothing.
    const again = await view('/');
    assert.equal(again.statements.length, 0, again.statements.map((s) => s.text).join('\n'));
    assert.equal(again.res.body, first.res.body);
  });

  test('a change is seen on the next view, at the same cost', async () => {
    const news = (await t.site.categories()).getBySlug('tin-tuc')!.id;
    const added = await makeArticle(t.site, { categoryId: news, title: 'Bài mới sau thay đổi', tags: ['Mới'] });
    assert.equal((await t.app.inject(newest.url)).statusCode, 200); // reads the tree and settings again
    const { res, statements } = await view(added.url);
    assert.match(res.body, /Bài mới sau thay đổi/);
    assert.equal(statements.length, 1, statements.map((s) => s.text).join('\n'));
    // The home page's lists are read again for the new version: the new article leads there at once.
    assert.match((await t.app.inject('/')).body, /Bài mới sau thay đổi/);
  });
});
