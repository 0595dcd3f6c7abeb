import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../src/app.js';
import { createDb } from '../src/db/index.js';
import { insertComment } from '../src/comments/comments.repo.js';
import { commentDeps } from '../src/comments/comments.service.js';
import { moderateComments } from '../src/comments/moderation.service.js';
import {
  createDocument,
  documentDeps,
  ensureDocumentTypes,
  listDocumentTypes,
  updateDocument,
} from '../src/documents/documents.service.js';
import { createArticle, publishArticle, unpublishArticle, updateArticle } from '../src/newsroom/newsroom.service.js';
import type { Site } from '../src/site/site.js';
import { WebhookWorker } from '../src/webhooks/delivery-worker.js';
import { verifySignature } from '../src/webhooks/signature.js';
import { insertWebhook } from '../src/webhooks/webhooks.repo.js';
import { createWebhook } from '../src/webhooks/webhooks.service.js';
import { actor } from './support/actors.js';
import { afterAction } from './support/client.js';
import { backends, createTestDatabase } from './support/databases.js';
import { makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, testConfig, type TestApp } from './support/test-app.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1: records what arrives, answers as `answer` says, and can go down and come back. */
class Receiver {
  readonly received: Received[] = [];
  answer: (res: http.ServerResponse, got: Received) => void = (res) => res.writeHead(204).end();
  private server = this.make();
  port = 0;
  private waiters: (() => void)[] = [];

  private make() {
    return http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const got = { headers: req.headers, body };
        this.received.push(got);
        for (const w of this.waiters.splice(0)) w();
        this.answer(res, got);
      });
    });
  }

  async start(port = 0) {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server = this.make();
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Resolves once `n` requests have arrived in all. */
  async count(n: number) {
    while (this.received.length < n) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received;
  }
}

const admin = actor('admin', 'Quản trị Webhook');
const editor = actor('editor', 'Biên tập Webhook');

type Db = Site['db']['kysely'];
const deliveries = (db: Db) => db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();

/** Runs the worker until `done` holds: each round is real work, so no clock decides the outcome. */
async function until(worker: WebhookWorker, done: () => Promise<boolean>, rounds = 200) {
  for (let i = 0; i < rounds; i++) {
    if (await done()) return;
    await worker.runDue();
    await sleep(10);
  }
  assert.fail('condition not reached');
}

async function publishNew(site: Site, categoryId: number, title: string) {
  const a = await createArticle(site.deps, editor, { title, categoryId });
  return publishArticle(site.deps, editor, a.id, { version: a.version });
}

for (const dialect of backends()) {
  describe(`webhooks on ${dialect}`, () => {
    let t: TestApp;
    let clock = Date.parse('2026-06-01T01:00:00Z');
    const now = () => new Date(clock);
    const receiver = new Receiver();
    let categoryId = 0;
    let hookId = 0;
    let secret = '';

    before(async () => {
      await receiver.start();
      t = await createTestApp(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: '1' }, now });
      await t.app.ready();
      categoryId = await makeCategory(t.site, { slug: 'thoi-su', name: 'Thời sự' });
      hookId = await createWebhook({ db: t.site.db, now, allowPrivate: true }, admin, {
        url: receiver.url,
        events: ['article.published', 'article.updated', 'article.unpublished'],
      });
      secret = (await t.site.db.kysely.selectFrom('webhooks').select('secret').executeTakeFirstOrThrow()).secret;
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });

    test('publishing sends a signed JSON POST that a receiver can verify; updates and unpublishing follow', async () => {
      const a = await publishNew(t.site, categoryId, 'Khánh thành cầu Rạch Miễu 2');
      const [got] = await receiver.count(1);
      assert.equal(got!.headers['content-type'], 'application/json');
      assert.equal(got!.headers['x-toasoan-event'], 'article.published');
      const signature = String(got!.headers['x-toasoan-signature']);
      assert.equal(verifySignature(secret, got!.body, signature, Math.floor(clock / 1000)), true);
      assert.equal(verifySignature('not-the-secret', got!.body, signature, Math.floor(clock / 1000)), false);
      assert.equal(
        verifySignature(secret, got!.body.replace('Rạch', 'Rach'), signature, Math.floor(clock / 1000)),
        false,
      );
      const payload = JSON.parse(got!.body) as {
        id: string;
        event: string;
        data: { id: number; title: string; url: string };
      };
      assert.equal(payload.event, 'article.published');
      assert.equal(payload.data.id, a.id);
      assert.equal(payload.data.title, 'Khánh thành cầu Rạch Miễu 2');
      assert.match(payload.data.url, new RegExp(`^http://[^/]+/thoi-su/.+-${a.id}\\.html$`));

      const edited = await updateArticle(t.site.deps, editor, a.id, {
        title: 'Khánh thành cầu Rạch Miễu 2 (cập nhật)',
        categoryId,
        version: a.version,
      });
      await unpublishArticle(t.site.deps, editor, a.id, { version: edited.version });
      const all = await receiver.count(3);
      assert.deepEqual(
        all.slice(1, 3).map((r) => r.headers['x-toasoan-event']),
        ['article.updated', 'article.unpublished'],
      );
      await until(t.webhooks, async () => (await deliveries(t.site.db.kysely)).every((d) => d.status === 'sent'));
    });

    test('a slow receiver never delays the request that caused the delivery', async () => {
      const before = receiver.received.length;
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      receiver.answer = (res) => void held.then(() => res.writeHead(200).end());
      const { client } = await signedIn(t, 'editor', 'Biên tập viên Chậm');
      const draft = await createArticle(t.site.deps, editor, { title: 'Bài gửi cho máy nhận chậm', categoryId });
      const res = await client.submit(`/quan-tri/bai-viet/${draft.id}`, `/quan-tri/bai-viet/${draft.id}/xuat-ban`, {
        version: String(draft.version),
      });
      assert.equal(res.statusCode, 303, 'the publish answered');
      await receiver.count(before + 1);
      const pending = (await deliveries(t.site.db.kysely)).at(-1)!;
      assert.equal(pending.status, 'pending', 'the receiver has not answered yet, and the request is long done');
      receiver.answer = (r) => r.writeHead(204).end();
      release();
      await until(t.webhooks, async () => (await deliveries(t.site.db.kysely)).at(-1)!.status === 'sent');
    });

    test('a receiver that is down gets the delivery once it is back, after the backoff', async () => {
      const port = receiver.port;
      await receiver.stop();
      const before = receiver.received.length;
      await publishNew(t.site, categoryId, 'Bài gửi khi máy nhận tắt');
      const db = t.site.db.kysely;
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.attempts >= 1);
      const failed = (await deliveries(db)).at(-1)!;
      assert.equal(failed.status, 'pending');
      assert.match(failed.last_error, /ECONNREFUSED|connect/);
      assert.ok(Date.parse(failed.next_attempt_at) > clock, 'the next try waits');
      await t.webhooks.runDue();
      assert.equal((await deliveries(db)).at(-1)!.attempts, 1, 'nothing is tried before its time');
      await receiver.start(port);
      clock += 31_000;
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.status === 'sent');
      assert.equal(receiver.received.length, before + 1);
      assert.equal((await deliveries(db)).at(-1)!.attempts, 2);
    });

    test('after 24 hours of failures the delivery is given up and the hook marked failing; a success clears it', async () => {
      const port = receiver.port;
      await receiver.stop();
      await publishNew(t.site, categoryId, 'Bài không bao giờ tới');
      const db = t.site.db.kysely;
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.attempts >= 1);
      clock += 25 * 3600_000;
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.status === 'failed');
      const hook = await db.selectFrom('webhooks').selectAll().where('id', '=', hookId).executeTakeFirstOrThrow();
      assert.ok(hook.failing_since);
      await receiver.start(port);
      await publishNew(t.site, categoryId, 'Bài tới được');
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.status === 'sent');
      const healed = await db.selectFrom('webhooks').selectAll().where('id', '=', hookId).executeTakeFirstOrThrow();
      assert.equal(healed.failing_since, null);
    });

    test('a redirect is never followed, whatever it points at', async () => {
      const inside = new Receiver();
      await inside.start();
      receiver.answer = (res) => res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end();
      try {
        await publishNew(t.site, categoryId, 'Bài bị chuyển hướng');
        const db = t.site.db.kysely;
        await until(t.webhooks, async () => (await deliveries(db)).at(-1)!.attempts >= 1);
        const d = (await deliveries(db)).at(-1)!;
        assert.equal(d.status, 'pending');
        assert.equal(d.response_status, 302);
        assert.match(d.last_error, /redirect .* not followed/);
        assert.equal(inside.received.length, 0, 'the redirect target was never called');
      } finally {
        receiver.answer = (res) => res.writeHead(204).end();
        await inside.stop();
      }
    });

    test("approving a comment tells the hooks that asked for comments, without the commenter's email", async () => {
      const db = t.site.db.kysely;
      const commentHook = await createWebhook({ db: t.site.db, now, allowPrivate: true }, admin, {
        url: `${receiver.url}?comments=1`,
        events: ['comment.published'],
      });
      const a = await publishNew(t.site, categoryId, 'Bài có ý kiến');
      const before = receiver.received.length;
      const id = await insertComment(
        db,
        {
          article_id: a.id,
          parent_id: null,
          user_id: null,
          author_name: 'Bạn đọc Hà',
          author_email: 'ha@example.vn',
          body: 'Cảm ơn tòa soạn!',
          status: 'pending',
          is_official: 0,
          ip: '198.51.100.7',
          content_hash: 'h',
          owner_token_hash: null,
        },
        now().toISOString(),
      );
      await moderateComments(commentDeps(t.site), editor, [id], 'approve');
      // One for the article (first hook), one for the comment (the new hook).
      const got = (await receiver.count(before + 2)).slice(before);
      const comment = got.find((r) => r.headers['x-toasoan-event'] === 'comment.published')!;
      assert.ok(comment.body.includes('Cảm ơn tòa soạn!'));
      assert.ok(!comment.body.includes('ha@example.vn') && !comment.body.includes('198.51.100.7'));
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select('event')
        .where('webhook_id', '=', commentHook)
        .execute();
      assert.deepEqual(
        rows.map((r) => r.event),
        ['comment.published'],
      );
    });

    test('publishing a document tells the hooks that asked; drafts, edits and restricted documents do not', async () => {
      const db = t.site.db.kysely;
      const deps = documentDeps(t.site);
      await ensureDocumentTypes(deps);
      const typeId = (await listDocumentTypes(deps)).find((ty) => ty.name === 'Nghị định')!.id;
      const docHook = await createWebhook({ db: t.site.db, now, allowPrivate: true }, admin, {
        url: `${receiver.url}?documents=1`,
        events: ['document.published'],
      });
      const fields = {
        code: '15/2026/NĐ-CP',
        typeId,
        issuer: 'Chính phủ',
        issuedOn: '02/03/2026',
        summary: 'Quy định về chữ ký số trong cơ quan nhà nước',
        status: 'con_hieu_luc',
      };
      const draft = await createDocument(deps, editor, fields, { publish: false, files: [] });
      const restricted = await createDocument(
        deps,
        editor,
        { ...fields, code: '16/2026/NĐ-CP', visibleRoles: ['editor'] },
        { publish: true, files: [] },
      );
      const before = receiver.received.length;
      await updateDocument(deps, editor, draft.id, fields, { state: 'published', files: [], removeFileIds: [] });
      await updateDocument(deps, editor, draft.id, { ...fields, field: 'Công nghệ' }, { files: [], removeFileIds: [] });
      await receiver.count(before + 1);
      const got = receiver.received.slice(before).find((r) => r.headers['x-toasoan-event'] === 'document.published');
      const signature = String(got!.headers['x-toasoan-signature']);
      const hookSecret = (
        await db.selectFrom('webhooks').select('secret').where('id', '=', docHook).executeTakeFirstOrThrow()
      ).secret;
      assert.equal(verifySignature(hookSecret, got!.body, signature, Math.floor(clock / 1000)), true);
      const payload = JSON.parse(got!.body) as {
        data: { id: number; title: string; url: string; publishedAt: string };
      };
      assert.equal(payload.data.id, draft.id);
      assert.equal(payload.data.title, '15/2026/NĐ-CP: Quy định về chữ ký số trong cơ quan nhà nước');
      assert.match(payload.data.url, new RegExp(`^http://[^/]+/van-ban/${draft.slug}$`));
      assert.equal(payload.data.publishedAt, now().toISOString());
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select('payload')
        .where('webhook_id', '=', docHook)
        .execute();
      assert.equal(rows.length, 1, 'one delivery: not the draft, not the edit, not the restricted document');
      assert.ok(!rows[0]!.payload.includes(restricted.slug));
    });

    test('the back office: admins add a hook, send a test delivery and read the log; editors may not', async () => {
      const { client: adminClient } = await signedIn(t, 'admin', 'Quản trị viên');
      const list = await adminClient.get('/quan-tri/webhook');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(receiver.url.replace(/[.]/g, '\\.')));
      const refused = await adminClient.submit('/quan-tri/webhook', '/quan-tri/webhook', { url: 'ftp://x.example' });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /http:\/\/ hoặc https:\/\//);
      const none = await adminClient.submit('/quan-tri/webhook', '/quan-tri/webhook', { url: receiver.url });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /ít nhất một sự kiện/);
      const made = await adminClient.submit('/quan-tri/webhook', '/quan-tri/webhook', {
        url: `${receiver.url}?second=1`,
        description: 'Ứng dụng di động',
        events: 'comment.published',
      });
      const page = made.headers.location as string;
      assert.match(page, /^\/quan-tri\/webhook\/\d+$/);
      await afterAction(adminClient, made, page, 'Đã thêm webhook. Hãy lưu khóa bí mật để bên nhận kiểm tra chữ ký.');
      const before = receiver.received.length;
      const sent = await adminClient.submit(page, `${page}/gui-thu`, {});
      await afterAction(
        adminClient,
        sent,
        page,
        'Đã xếp lịch gửi thử; kết quả hiện trong nhật ký bên dưới sau ít giây.',
      );
      const [ping] = (await receiver.count(before + 1)).slice(before);
      assert.equal(ping!.headers['x-toasoan-event'], 'ping');
      await until(t.webhooks, async () => (await adminClient.get(page)).body.includes('data-status="sent"'));
      assert.match((await adminClient.get(page)).body, /<code>ping<\/code>/);
      // Off, on and away: each says what it did, once, on the page the redirect leads to.
      await afterAction(
        adminClient,
        await adminClient.submit(page, `${page}/tat`, {}),
        page,
        'Đã tắt webhook: sự kiện mới không được gửi tới địa chỉ này cho đến khi bật lại.',
      );
      await afterAction(
        adminClient,
        await adminClient.submit(page, `${page}/bat`, {}),
        page,
        'Đã bật lại webhook: sự kiện mới được gửi tới địa chỉ này.',
      );
      await afterAction(
        adminClient,
        await adminClient.submit(page, `${page}/xoa`, {}),
        '/quan-tri/webhook',
        'Đã xóa webhook cùng nhật ký gửi của nó.',
      );
      assert.doesNotMatch((await adminClient.get('/quan-tri/webhook')).body, /second=1/);
      const { client: editorClient } = await signedIn(t, 'editor', 'Biên tập viên');
      assert.equal((await editorClient.get('/quan-tri/webhook')).statusCode, 403);
    });
  });

  describe(`webhooks without WEBHOOK_ALLOW_PRIVATE on ${dialect}`, () => {
    let t: TestApp;
    const receiver = new Receiver();
    before(async () => {
      await receiver.start();
      t = await createTestApp(dialect);
      await t.app.ready();
    });
    after(async () => {
      await t.close();
      await receiver.stop();
    });

    test('a loopback or private URL is refused when added, and a name resolving to loopback when connecting', async () => {
      const deps = { db: t.site.db, now: t.site.now, allowPrivate: false };
      for (const url of [
        receiver.url,
        'http://10.1.2.3/h',
        'http://[::1]/h',
        'http://169.254.169.254/latest',
        'http://localhost/h',
      ]) {
        await assert.rejects(createWebhook(deps, admin, { url, events: ['article.published'] }), /mạng nội bộ/, url);
      }
      // Stored as if added before, or by a name that resolved elsewhere then: the connect-time check still holds.
      await insertWebhook(
        t.site.db.kysely,
        {
          url: `http://localhost:${receiver.port}/hook`,
          secret: 's',
          events: ['article.published'],
          description: '',
          createdBy: null,
        },
        new Date().toISOString(),
      );
      const categoryId = await makeCategory(t.site, { slug: 'noi-bo', name: 'Nội bộ' });
      await publishNew(t.site, categoryId, 'Bài không được gửi vào mạng nội bộ');
      const db = t.site.db.kysely;
      await until(t.webhooks, async () => (await deliveries(db)).at(-1)?.attempts === 1);
      const d = (await deliveries(db)).at(-1)!;
      assert.match(d.last_error, /refused: 127\.0\.0\.1 is a loopback, private or link-local address/);
      assert.equal(receiver.received.length, 0);
    });
  });

  describe(`webhook deliveries across restarts and instances on ${dialect}`, () => {
    test('a delivery queued by an app stopped before sending is sent by the next one', async () => {
      const receiver = new Receiver();
      await receiver.start();
      const database = await createTestDatabase(dialect);
      const config = testConfig(database.url, { WEBHOOK_ALLOW_PRIVATE: '1' });
      try {
        const first = await buildApp({ config, db: database.handle, webhookWorker: false });
        await first.app.ready();
        await createWebhook({ db: first.site.db, now: first.site.now, allowPrivate: true }, admin, {
          url: receiver.url,
          events: ['article.published'],
        });
        const categoryId = await makeCategory(first.site, { slug: 'khoi-dong', name: 'Khởi động lại' });
        const a = await publishNew(first.site, categoryId, 'Bài chờ qua lần khởi động lại');
        await first.app.close();
        assert.equal(receiver.received.length, 0);

        const handle = createDb(database.url);
        const second = await buildApp({ config, db: handle });
        try {
          await second.app.ready();
          const [got] = await receiver.count(1);
          assert.equal((JSON.parse(got!.body) as { data: { id: number } }).data.id, a.id);
          await until(second.webhooks, async () => (await deliveries(handle.kysely))[0]!.status === 'sent');
        } finally {
          await second.app.close();
          await handle.destroy();
        }
      } finally {
        await database.drop();
        await receiver.stop();
      }
    });

    test('two workers on one database send each delivery once', async () => {
      const receiver = new Receiver();
      await receiver.start();
      const database = await createTestDatabase(dialect);
      // PostgreSQL: two connections pools, as two instances have. SQLite: one writer per file, so one
      // process runs the sender (it follows the scheduler, see serve --workers); two workers share its handle.
      const other = dialect === 'postgres' ? createDb(database.url) : database.handle;
      try {
        const db = database.handle.kysely;
        const nowIso = new Date().toISOString();
        const webhookId = await insertWebhook(
          db,
          { url: receiver.url, secret: 's', events: ['document.published'], description: '', createdBy: null },
          nowIso,
        );
        for (let i = 0; i < 30; i++) {
          await db
            .insertInto('webhook_deliveries')
            .values({
              webhook_id: webhookId,
              event: 'document.published',
              payload: `{"n":${i}}`,
              status: 'pending',
              next_attempt_at: nowIso,
              created_at: nowIso,
            })
            .execute();
        }
        const worker = (handle: typeof other) =>
          new WebhookWorker({
            db: handle,
            now: () => new Date(),
            origin: () => 'http://x',
            allowPrivate: true,
            log: console,
          });
        const [a, b] = [worker(database.handle), worker(other)];
        await Promise.all([a.runDue(), b.runDue(), a.runDue(), b.runDue()]);
        await until(a, async () => (await deliveries(db)).every((d) => d.status === 'sent'));
        const ids = receiver.received.map((r) => r.headers['x-toasoan-delivery']);
        assert.equal(ids.length, 30);
        assert.equal(new Set(ids).size, 30, 'no delivery sent twice');
      } finally {
        if (other !== database.handle) await other.destroy();
        await database.drop();
        await receiver.stop();
      }
    });
  });
}
