import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../src/db/index.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url));
const IN_FLIGHT = 8;
const KILL_AFTER_ACKS = 40;

const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-kill-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('every comment acknowledged before a SIGKILL is in the database after restart', async () => {
  const dbFile = path.join(dir, 'site.db');
  // The per-address limit is lifted: here one address stands for many readers.
  const env = { DATABASE_URL: `sqlite:${dbFile}`, DEMO_CONTENT: '0', NODE_ENV: 'test', COMMENT_IP_LIMIT: '100000' };
  let server: RunningServer = await startServerProcess(env);
  const imported = await runCli(['import', FIXTURE, '--json'], env);
  assert.equal(imported.code, 0, imported.stderr);
  const article = JSON.parse(imported.stdout) as { url: string; id?: number };
  const page = await fetch(server.url + article.url);
  const html = await page.text();
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const articleId = /name="articleId" value="(\d+)"/.exec(html)![1]!;
  // The form must be a few seconds old, as when a person writes.
  await new Promise((r) => setTimeout(r, 3200));

  const acknowledged: string[] = [];
  let sent = 0;
  let killed = false;
  const send = async (): Promise<void> => {
    while (!killed) {
      const body = `Ý kiến số ${++sent} trong loạt gửi liên tục.`;
      try {
        const res = await fetch(`${server.url}/y-kien`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, cookie },
          redirect: 'manual',
          body: new URLSearchParams({ _csrf: token, articleId, name: 'Bạn đọc', email: `b${sent}@example.vn`, body }),
        });
        await res.arrayBuffer();
        if (res.status === 303) acknowledged.push(body);
        else assert.fail(`unexpected ${res.status}`);
      } catch {
        return; // the server is gone: this one was never acknowledged
      }
      if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
        killed = true;
        server.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, send));
  await new Promise<void>((resolve) =>
    server.child.exitCode !== null || server.child.signalCode ? resolve() : server.child.once('exit', () => resolve()),
  );
  assert.ok(sent > acknowledged.length, 'some requests were cut off mid-burst');

  server = await startServerProcess(env);
  try {
    const db = createDb(`sqlite:${dbFile}`);
    const rows = await db.kysely.selectFrom('comments').select('body').execute();
    await db.destroy();
    const stored = new Set(rows.map((r) => r.body));
    const lost = acknowledged.filter((b) => !stored.has(b));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged comments lost`);
    assert.ok((await fetch(server.url + article.url)).ok, 'the restarted server serves the page');
  } finally {
    await server.stop();
  }
});
