import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { withoutPassword } from '../src/server.js';
import { backends, createTestDatabase, type TestDatabase } from './support/databases.js';
import { startServerProcess, type RunningServer } from './support/server.js';

interface Outcome {
  /** The HTTP status, when a whole response arrived. */
  status?: number;
  /** The error, and whether any of the response had arrived before it. */
  error?: { code: string; afterHeaders: boolean };
}

/** One request on its own connection; `body` is sent in two halves, the second when `second` resolves. */
function request(
  port: number,
  opts: { method?: string; path: string; body?: string; second?: Promise<void> },
): Promise<Outcome> {
  return new Promise((resolve) => {
    let afterHeaders = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'GET',
        agent: false,
        headers: opts.body
          ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(opts.body) }
          : {},
      },
      (res) => {
        afterHeaders = true;
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode }));
        res.on('error', (err: NodeJS.ErrnoException) =>
          resolve({ error: { code: err.code ?? err.message, afterHeaders } }),
        );
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({ error: { code: err.code ?? err.message, afterHeaders } }),
    );
    if (!opts.body) return void req.end();
    const half = Math.floor(opts.body.length / 2);
    req.write(opts.body.slice(0, half));
    void opts.second!.then(() => req.end(opts.body!.slice(half)));
  });
}

const exited = (server: RunningServer) =>
  new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
  });

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const dialect of backends()) {
  describe(`graceful shutdown (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect, { migrate: false });
    });
    after(() => database.drop());

    test('on SIGTERM under load, every request that reached the server is answered, and it exits 0', async () => {
      const server = await startServerProcess({ DATABASE_URL: database.url, DEMO_CONTENT: '0', LOG_LEVEL: 'info' });
      const port = Number(new URL(server.url).port);
      // The log line and the console's "running" line come through separate writes: wait for the first.
      for (let i = 0; i < 100 && !server.output().includes('Tòa Soạn started'); i++) await delay(50);
      const started = server
        .output()
        .split('\n')
        .find((l) => l.includes('Tòa Soạn started'));
      assert.ok(started, server.output());
      const line = JSON.parse(started) as Record<string, unknown>;
      assert.equal(line.database, dialect);
      assert.match(String(line.version), /^\d+\.\d+\.\d+/);
      assert.equal(line.address, server.url);

      // Requests the server has certainly taken: their headers and half a body are in, and it waits for the rest.
      let sendRest!: () => void;
      const second = new Promise<void>((resolve) => (sendRest = resolve));
      const body = `name=${'x'.repeat(2000)}&email=a%40b.vn&body=${'y'.repeat(2000)}`;
      const slow = Array.from({ length: 4 }, () => request(port, { method: 'POST', path: '/y-kien', body, second }));
      // And a steady stream of new ones, four at a time, until the server stops taking them.
      const loop: Outcome[] = [];
      let running = true;
      const workers = Array.from({ length: 4 }, async () => {
        for (let i = 0; running; i++) {
          const outcome = await request(port, { path: i % 2 ? '/' : '/healthz' });
          loop.push(outcome);
          if (outcome.error?.code === 'ECONNREFUSED') break;
        }
      });
      await delay(500);
      const beforeSignal = loop.length;
      server.child.kill('SIGTERM');
      await delay(300);
      sendRest();
      const [slowOutcomes, code] = await Promise.all([Promise.all(slow), exited(server)]);
      running = false;
      await Promise.all(workers);

      assert.equal(code, 0, server.output());
      assert.match(server.output(), /shutting down/);
      for (const o of slowOutcomes) {
        assert.ok(
          o.status !== undefined && o.status !== 503 && o.status < 500,
          `a request in flight was not answered: ${JSON.stringify(o)}`,
        );
      }
      assert.ok(beforeSignal > 0, 'the loop ran before the signal');
      const answered = loop.filter((o) => o.status !== undefined);
      assert.ok(
        answered.every((o) => o.status === 200),
        JSON.stringify(answered.filter((o) => o.status !== 200)),
      );
      // Refused after the close is fine; a reset once the response had begun is not.
      const broken = loop.filter(
        (o) => o.error && (o.error.afterHeaders || !['ECONNREFUSED', 'ECONNRESET'].includes(o.error.code)),
      );
      assert.deepEqual(broken, []);
    });

    test('a keep-alive connection busy at SIGTERM is answered and told to close', async () => {
      const server = await startServerProcess({
        DATABASE_URL: database.url,
        DEMO_CONTENT: '0',
        SHUTDOWN_TIMEOUT_SECONDS: '20',
      });
      const port = Number(new URL(server.url).port);
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.setEncoding('latin1').on('data', (d: string) => (received += d));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      const body = 'name=a&email=a%40b.vn&body=mot-y-kien';
      const head = `POST /y-kien HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`;
      socket.write(head + body.slice(0, 5));
      await delay(300);
      const code = exited(server);
      server.child.kill('SIGTERM');
      await delay(300);
      // The rest of the post, on a connection the client (say, nginx's upstream pool) means to keep.
      socket.write(body.slice(5));
      await closed;
      // Without Connection: close the server would keep the idle connection open until the shutdown timeout and exit 1.
      assert.equal(await code, 0, server.output());
      const statuses = [...received.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => Number(m[1]));
      assert.equal(statuses.length, 1, received.slice(0, 300));
      assert.ok(statuses[0]! < 500, String(statuses));
      assert.match(received, /^connection: close\r$/im);
    });

    test('SHUTDOWN_TIMEOUT_SECONDS bounds the wait for a request that never ends', async () => {
      const server = await startServerProcess({
        DATABASE_URL: database.url,
        DEMO_CONTENT: '0',
        SHUTDOWN_TIMEOUT_SECONDS: '1',
      });
      const port = Number(new URL(server.url).port);
      const never = request(port, {
        method: 'POST',
        path: '/y-kien',
        body: 'name=a&body=b',
        second: new Promise(() => undefined),
      });
      await delay(300);
      server.child.kill('SIGTERM');
      const [outcome, code] = await Promise.all([never, exited(server)]);
      assert.equal(code, 1);
      assert.match(server.output(), /shutdown timeout/);
      assert.ok(outcome.error, 'its connection was closed');
    });
  });
}

test('a PostgreSQL password never reaches the logs', () => {
  assert.equal(
    withoutPassword('postgres://toasoan:s3cret@db.example:5432/tin'),
    'postgres://toasoan:***@db.example:5432/tin',
  );
  assert.equal(
    withoutPassword('postgresql://u@db/tin?sslmode=require&password=s3cret'),
    'postgresql://u@db/tin?sslmode=require&password=***',
  );
  assert.equal(withoutPassword('sqlite:./data/toasoan.db'), 'sqlite:./data/toasoan.db');
});
