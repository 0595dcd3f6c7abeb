import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { createDb } from '../src/db/index.js';
import { BIN } from './support/cli.js';
import { startServerProcess, type RunningServer } from './support/server.js';
import { csrfTokenIn, WebClient } from './support/web-client.js';

/*
 * The server as it should run in production: as a user that owns nothing but
 * DATA_DIR (where the SQLite file and the media live here), with the code
 * read-only to it. As root (CI) the test drops to `nobody` with setpriv, and
 * also proves that user cannot write to the code tree. Run by anyone else it
 * cannot switch users, so it runs the same server as the current user and
 * checks what still holds: it starts, serves, takes a comment and an upload
 * into DATA_DIR, and writes nothing under src/, bin/ or dist/.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const isRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const PREFIX = isRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : [];
const PASSWORD = 'Mật-khẩu-thử-không-đặc-quyền-2026';

const dataDir = mkdtempSync(path.join(tmpdir(), 'toasoan-nobody-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

/** Every file under src/, bin/ and dist/ with its size and mtime: a write by the server would show. */
function codeSnapshot(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        out.push(`${path.relative(ROOT, full)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(path.join(ROOT, 'src'));
  walk(path.join(ROOT, 'bin'));
  walk(path.join(ROOT, 'dist'));
  return out.sort().join('\n');
}

/** Runs a command as the server's user. */
function runAs(argv: string[], env: Record<string, string>, input = '') {
  const full = [...PREFIX, ...argv];
  return spawnSync(full[0]!, full.slice(1), {
    env: { PATH: process.env.PATH ?? '', ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

test('the server runs as an unprivileged user that may write only to DATA_DIR', async (t) => {
  if (!isRoot)
    t.diagnostic('not root: running as the current user; the check that the code tree is read-only needs root');
  const tmp = path.join(dataDir, 'tmp');
  mkdirSync(tmp);
  if (isRoot) {
    chownSync(dataDir, NOBODY.uid, NOBODY.gid);
    chownSync(tmp, NOBODY.uid, NOBODY.gid);
    const readable = runAs(['test', '-r', BIN], {});
    assert.equal(
      readable.status,
      0,
      `the code tree (${ROOT}) must be readable and traversable by nobody; check the permissions of every parent folder`,
    );
  }
  const dbFile = path.join(dataDir, 'db', 'site.db');
  const env = {
    DATABASE_URL: `sqlite:${dbFile}`,
    DATA_DIR: dataDir,
    // tsx keeps its transform cache in the temp folder; HOME is not the user's to write either.
    TMPDIR: tmp,
    HOME: tmp,
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  };
  const before = codeSnapshot();

  if (isRoot) {
    const probe = path.join(ROOT, 'src', '.unprivileged-probe');
    const write = runAs([process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(probe)}, 'x')`], env);
    assert.notEqual(write.status, 0, 'nobody must not be able to write into the code tree');
    assert.match(write.stderr, /EACCES/);
  }

  const added = runAs(
    [process.execPath, BIN, 'user', 'add', '--email', 'phongvien@example.vn', '--role', 'author', '--password-stdin'],
    env,
    PASSWORD,
  );
  assert.equal(added.status, 0, added.stderr);

  let server: RunningServer | undefined;
  const client = () => new WebClient(server!.url);
  try {
    server = await startServerProcess(env, PREFIX);
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    assert.match(
      status,
      new RegExp(`^Uid:\\s+${isRoot ? NOBODY.uid : process.getuid!()}\\s`, 'm'),
      'the server runs as the unprivileged user',
    );

    // Pages: the demo content was seeded by this user into its own database.
    const reader = client();
    const home = await reader.get('/');
    assert.equal(home.status, 200);
    const articlePath = /href="(\/[a-z0-9-]+\/[a-z0-9-]+-\d+\.html)"/.exec(home.body)?.[1];
    assert.ok(articlePath, 'the home page links an article');
    const article = await reader.get(articlePath);
    assert.equal(article.status, 200);

    // A guest comment, written into the SQLite file under DATA_DIR.
    const articleId = /name="articleId" value="(\d+)"/.exec(article.body)![1]!;
    await new Promise((r) => setTimeout(r, 3200)); // the form must look typed by a person
    const comment = await reader.post('/y-kien', {
      _csrf: csrfTokenIn(article.body),
      articleId,
      name: 'Bạn đọc',
      email: 'ban.doc@example.vn',
      body: 'Ý kiến gửi tới máy chủ chạy không đặc quyền.',
    });
    assert.equal(comment.status, 303, comment.body.slice(0, 300));

    // A media upload by staff, written into DATA_DIR/media.
    const author = client();
    const login = await author.post('/dang-nhap', {
      _csrf: csrfTokenIn((await author.get('/dang-nhap')).body),
      email: 'phongvien@example.vn',
      password: PASSWORD,
    });
    assert.equal(login.status, 303, login.body.slice(0, 300));
    const token = csrfTokenIn((await author.get('/quan-tri/thu-vien')).body);
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
    const upload = await author.request('POST', '/quan-tri/thu-vien?ten=anh.png', png, {
      'content-type': 'application/octet-stream',
      accept: 'application/json',
      'x-csrf-token': token,
    });
    assert.equal(upload.status, 201, upload.body.slice(0, 300));
    const media = readdirSync(path.join(dataDir, 'media'));
    assert.ok(
      media.some((f) => f.endsWith('.png')) && media.some((f) => f.endsWith('.webp')),
      `stored: ${media.join(', ')}`,
    );
    if (isRoot)
      for (const f of media)
        assert.equal(statSync(path.join(dataDir, 'media', f)).uid, NOBODY.uid, `${f} belongs to nobody`);
    const served = await reader.get(/src="(\/media\/[^"]+)"/.exec(JSON.parse(upload.body).figureHtml)![1]!);
    assert.equal(served.status, 200);
  } finally {
    await server?.stop();
  }
  assert.equal(server.child.exitCode, 0, `a clean shutdown:\n${server.output()}`);

  const db = createDb(`sqlite:${dbFile}`);
  try {
    const rows = await db.kysely.selectFrom('comments').select('body').execute();
    assert.deepEqual(
      rows.map((r) => r.body),
      ['Ý kiến gửi tới máy chủ chạy không đặc quyền.'],
    );
  } finally {
    await db.destroy();
  }
  assert.equal(codeSnapshot(), before, 'the server wrote nothing under src/ or bin/');
});
