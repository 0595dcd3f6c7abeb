import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { assertFreshBuild, runCli } from './support/cli.js';
import { startServerProcess } from './support/server.js';
import { csrfTokenIn, WebClient } from './support/web-client.js';

test('the compiled command reports errors with stacks that name the .ts lines', async () => {
  // A SQLite file under /dev/null cannot be created: the error is thrown from src/db/dialects/sqlite.ts.
  const result = await runCli(['migrate'], { DATABASE_URL: 'sqlite:/dev/null/x/site.db', LOG_LEVEL: 'debug' });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /^toasoan: ENOTDIR/);
  assert.match(result.stderr, /at createSqliteDb \(.*src\/db\/dialects\/sqlite\.ts:\d+:\d+\)/);
  assert.match(result.stderr, /src\/cli\/main\.ts:\d+:\d+/);
  assert.doesNotMatch(result.stderr, /dist\/cli\.js/);
});

test('the compiled command carries every migration in src/db/migrations', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-migrate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const result = await runCli(['migrate'], { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}` });
  assert.equal(result.code, 0, result.stderr);
  const files = readdirSync(new URL('../src/db/migrations/', import.meta.url)).filter(
    (f) => /^\d{3}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'),
  );
  assert.deepEqual(
    result.stdout
      .trim()
      .replace(/^applied: /, '')
      .split(', '),
    files.map((f) => f.replace(/\.ts$/, '')).sort(),
  );
});

test('without LOG_LEVEL=debug an error is one line for the operator', async () => {
  const result = await runCli(['migrate'], { DATABASE_URL: 'sqlite:/dev/null/x/site.db' });
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
});

test('a build older than one of its sources is refused, so an edit cannot pass on the old code', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'toasoan-build-')) + '/';
  t.after(() => rmSync(root, { recursive: true, force: true }));
  assert.throws(() => assertFreshBuild(root), /dist\/ is missing/);
  mkdirSync(`${root}dist`);
  mkdirSync(`${root}src`);
  writeFileSync(`${root}src/a.ts`, '');
  writeFileSync(`${root}dist/inputs.json`, JSON.stringify(['src/a.ts']));
  writeFileSync(`${root}dist/cli.js`, '');
  const built = new Date(Date.now() - 60_000);
  utimesSync(`${root}dist/cli.js`, built, built);
  assert.throws(() => assertFreshBuild(root), /dist\/ is older than src\/a\.ts/);
  utimesSync(`${root}src/a.ts`, new Date(built.getTime() - 1000), new Date(built.getTime() - 1000));
  assertFreshBuild(root);
  rmSync(`${root}src/a.ts`);
  assert.throws(() => assertFreshBuild(root), /older than src\/a\.ts/);
});

test('a server that only serves pages never loads the image library or the password hasher', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-lazy-'));
  // Not the demo content: its pictures are drawn with sharp after the start, on purpose. One imported article instead.
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`, DATA_DIR: dir, DEMO_CONTENT: '0' };
  writeFileSync(path.join(dir, 'tin.txt'), 'Tin thử nghiệm về khoa học\n08:00 01/06/2024\nĐoạn mở đầu.\n\nThân bài.\n');
  const imported = await runCli(['import', path.join(dir, 'tin.txt')], env);
  assert.equal(imported.code, 0, imported.stderr);
  const server = await startServerProcess(env);
  t.after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const home = await fetch(`${server.url}/`);
  assert.equal(home.status, 200);
  const article = /href="(\/[a-z0-9-]+\/[a-z0-9-]+-\d+\.html)"/.exec(await home.text())?.[1];
  assert.ok(article);
  assert.equal((await fetch(server.url + article)).status, 200);
  // Native libraries show in the process's memory map once loaded: libvips (sharp) and argon2's addon.
  const maps = readFileSync(`/proc/${server.child.pid}/maps`, 'utf8');
  assert.doesNotMatch(maps, /libvips|sharp-linux/);
  assert.doesNotMatch(maps, /argon2/);
  // A sign-in attempt needs the hasher: it is loaded then, and the map shows it.
  const client = new WebClient(server.url);
  const form = await client.get('/dang-nhap');
  const login = await client.post('/dang-nhap', {
    _csrf: csrfTokenIn(form.body),
    email: 'khong-co@example.vn',
    password: 'sai-mat-khau-1234',
  });
  assert.ok(login.status < 500, String(login.status));
  assert.match(readFileSync(`/proc/${server.child.pid}/maps`, 'utf8'), /argon2/);
});
