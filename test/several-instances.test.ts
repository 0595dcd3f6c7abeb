import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { buildApp, type App } from '../src/app.js';
import { listAudit } from '../src/audit/audit.repo.js';
import { loadConfig } from '../src/config.js';
import { createDb, type DbHandle, type DialectName } from '../src/db/index.js';
import { contentChannel } from '../src/db/notify.js';
import { createArticle, publishArticle, unpublishArticle } from '../src/newsroom/newsroom.service.js';
import { actor } from './support/actors.js';
import { runCli } from './support/cli.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { makeCategory } from './support/factories.js';

const FIXTURE = fileURLToPath(new URL('../../shared/fixtures/seed-article.txt', import.meta.url));
// Part of the fixture's title, without its &, which the page escapes.
const FIXTURE_TITLE = 'Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW';
const editor = actor('editor');

interface Instances {
  database: TestDatabase;
  a: App;
  b: App;
  close(): Promise<void>;
}

/** Two app instances on one database, each with its own connections, as two servers would be; pages cached for 5 minutes. */
async function twoInstances(dialect: DialectName, now?: () => Date): Promise<Instances> {
  const database = await createTestDatabase(dialect);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    PAGE_CACHE_SECONDS: '300',
  });
  const otherHandle: DbHandle = createDb(database.url);
  const a = await buildApp({ config, db: database.handle, now });
  const b = await buildApp({ config, db: otherHandle, now });
  await a.app.ready();
  await b.app.ready();
  return {
    database,
    a,
    b,
    async close() {
      await a.app.close();
      await b.app.close();
      await otherHandle.destroy();
      await database.drop();
    },
  };
}

/** Polls until the check passes; the bound is generous (the promise is 1 s) so a loaded machine does not fail it. */
async function eventually(what: string, check: () => Promise<boolean>, boundMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > boundMs) assert.fail(`${what}: not within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const home = async (i: App) => (await i.app.inject('/')).body;

for (const dialect of backends()) {
  describe(`several instances on one ${dialect} database`, () => {
    test("a publish, an unpublish and a category change through one instance reach the other one's cached pages", async () => {
      const { a, b, close } = await twoInstances(dialect);
      try {
        const categoryId = await makeCategory(a.site, { slug: 'thoi-su', name: 'Thời sự' });
        await eventually('the new category on the other instance', async () => (await home(b)).includes('Thời sự'));
        const draft = await createArticle(a.site.deps, editor, { title: 'Tin nóng từ máy thứ nhất', categoryId });
        assert.ok(!(await home(b)).includes('Tin nóng từ máy thứ nhất'));
        const cachedBefore = b.caches.pages.size;
        assert.ok(cachedBefore > 0, 'the other instance holds its home page');
        const published = await publishArticle(a.site.deps, editor, draft.id, { version: draft.version });
        assert.ok((await home(a)).includes('Tin nóng từ máy thứ nhất'), 'the instance that published shows it at once');
        await eventually('the publish on the other instance', async () =>
          (await home(b)).includes('Tin nóng từ máy thứ nhất'),
        );
        await unpublishArticle(a.site.deps, editor, draft.id, { version: published.version });
        await eventually(
          'the unpublish on the other instance',
          async () => !(await home(b)).includes('Tin nóng từ máy thứ nhất'),
        );
      } finally {
        await close();
      }
    });

    test('an article imported with the CLI reaches both instances', async () => {
      const { database, a, b, close } = await twoInstances(dialect);
      try {
        assert.ok(!(await home(a)).includes(FIXTURE_TITLE));
        assert.ok(!(await home(b)).includes(FIXTURE_TITLE));
        const res = await runCli(['import', FIXTURE], { DATABASE_URL: database.url });
        assert.equal(res.code, 0, res.stderr);
        await eventually('the import on the first instance', async () => (await home(a)).includes(FIXTURE_TITLE));
        await eventually('the import on the second instance', async () => (await home(b)).includes(FIXTURE_TITLE));
      } finally {
        await close();
      }
    });
  });
}

const pgUrl = process.env.TEST_DATABASE_URL;

describe(
  'several instances on PostgreSQL: lost notices and the scheduler',
  { skip: pgUrl ? false : 'TEST_DATABASE_URL is not set' },
  () => {
    test('a cut LISTEN connection is opened again, and what was cached meanwhile is dropped', async () => {
      const { database, a, b, close } = await twoInstances('postgres');
      try {
        const categoryId = await makeCategory(a.site, { slug: 'kinh-te', name: 'Kinh tế' });
        const draft = await createArticle(a.site.deps, editor, { title: 'Giá lúa tăng', categoryId });
        await publishArticle(a.site.deps, editor, draft.id, { version: draft.version });
        await eventually('the publish on the other instance', async () => (await home(b)).includes('Giá lúa tăng'));

        const schema = (await database.handle.migrationSchema())!;
        const channel = contentChannel(schema);
        const listeners = async () =>
          (
            await sql<{ pid: number }>`select pid from pg_stat_activity where query = ${`listen "${channel}"`}`.execute(
              database.handle.kysely,
            )
          ).rows.map((r) => r.pid);
        // Notices arrive in commit order: once the other instance hears ours, it has heard the publish too.
        await a.site.announced();
        const version = b.site.version;
        await sql`select pg_notify(${channel}, 'from the test')`.execute(database.handle.kysely);
        await eventually('the other instance hears a notice', async () => b.site.version > version);
        assert.ok((await home(b)).includes('Giá lúa tăng'));
        const cut = await listeners();
        assert.equal(cut.length, 2, 'each instance listens on a connection of its own');
        // A change no instance hears of: made behind the app's back while the listeners are being cut.
        await sql`update articles set title = 'Giá lúa tăng mạnh' where id = ${draft.id}`.execute(
          database.handle.kysely,
        );
        assert.ok(!(await home(b)).includes('Giá lúa tăng mạnh'), 'the other instance still serves its cached page');
        for (const pid of cut) await sql`select pg_terminate_backend(${pid})`.execute(database.handle.kysely);

        await eventually('both listeners back on new connections', async () => {
          const now = await listeners();
          return now.length === 2 && now.every((pid) => !cut.includes(pid));
        });
        await eventually('the other instance dropped its cached home page', async () =>
          (await home(b)).includes('Giá lúa tăng mạnh'),
        );
        assert.ok((await home(a)).includes('Giá lúa tăng mạnh'));

        // And the new connection hears the next change.
        const second = await createArticle(a.site.deps, editor, { title: 'Xuất khẩu gạo kỷ lục', categoryId });
        await publishArticle(a.site.deps, editor, second.id, { version: second.version });
        await eventually('a publish after the reconnection', async () =>
          (await home(b)).includes('Xuất khẩu gạo kỷ lục'),
        );
      } finally {
        await close();
      }
    });

    test('a due scheduled article goes live once with both schedulers running, and both instances show it', async () => {
      let clock = Date.parse('2026-03-01T01:00:00Z');
      const { database, a, b, close } = await twoInstances('postgres', () => new Date(clock));
      try {
        const categoryId = await makeCategory(a.site, { slug: 'hen-gio', name: 'Hẹn giờ' });
        const titles = ['Bài hẹn giờ một', 'Bài hẹn giờ hai', 'Bài hẹn giờ ba'];
        for (const [i, title] of titles.entries()) {
          const draft = await createArticle(a.site.deps, editor, { title, categoryId });
          await publishArticle(a.site.deps, editor, draft.id, {
            version: draft.version,
            at: new Date(clock + (10 + i) * 60_000).toISOString(),
          });
        }
        assert.ok(!(await home(b)).includes('Bài hẹn giờ một'));
        clock += 30 * 60_000;
        // Both at once: without the lock both would read the same due rows.
        const runs = await Promise.all([a.scheduler.runDue(), b.scheduler.runDue()]);
        assert.equal(
          runs.reduce((x, y) => x + y, 0),
          titles.length,
          `runs: ${runs.join(',')}`,
        );
        const live = (await listAudit(database.handle.kysely, { limit: 100, offset: 0 })).filter(
          (l) => l.action === 'article.scheduled_live',
        );
        assert.deepEqual(live.map((l) => l.detail).sort(), [...titles].sort(), 'one audit row per article');
        await eventually(
          'the scheduled articles on both instances',
          async () => (await home(a)).includes('Bài hẹn giờ ba') && (await home(b)).includes('Bài hẹn giờ ba'),
        );
      } finally {
        await close();
      }
    });
  },
);
