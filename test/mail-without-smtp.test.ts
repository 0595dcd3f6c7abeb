import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from './support/cli.js';
import { startServerProcess, type RunningServer } from './support/server.js';

/** A tiny cookie-keeping form client over fetch, for the real server process. */
class FetchClient {
  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }
  private cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string) {
    const res = this.remember(await fetch(this.base + url, { headers: { cookie: this.cookie() }, redirect: 'manual' }));
    return { status: res.status, body: await res.text() };
  }
  /** Loads `url` and posts `fields` to the same address with the page's CSRF token, as a browser would. */
  async submit(url: string, fields: Record<string, string>) {
    const page = await this.get(url);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = this.remember(
      await fetch(this.base + url, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base, cookie: this.cookie() },
        body: new URLSearchParams({ ...fields, _csrf: token }),
      }),
    );
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
}

/** Resolves once the server has written a line matching `pattern` (mail goes out after the answer). */
function waitForOutput(server: RunningServer, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve) => {
    const check = () => {
      const m = pattern.exec(server.output());
      if (!m) return false;
      server.child.stdout!.off('data', check);
      server.child.stderr!.off('data', check);
      resolve(m);
      return true;
    };
    if (!check()) {
      server.child.stdout!.on('data', check);
      server.child.stderr!.on('data', check);
    }
  });
}

describe('without SMTP_URL, mail links reach the operator', () => {
  let dir: string;
  let server: RunningServer;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-nomail-'));
    env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`,
      DEMO_CONTENT: '0',
      NODE_ENV: 'test',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
    };
    server = await startServerProcess(env);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('`toasoan user add` without a password prints a one-time link that sets it', async () => {
    const added = await runCli(['user', 'add', '--email', 'phongvien@example.vn', '--role', 'author'], {
      ...env,
      SITE_URL: server.url,
    });
    assert.equal(added.code, 0, added.stderr);
    const link = /\/dat-lai-mat-khau\/[\w-]{43}/.exec(added.stdout)?.[0];
    assert.ok(link, added.stdout);
    const b = new FetchClient(server.url);
    assert.match((await b.get(link)).body, /Ít nhất 12 ký tự/, 'staff are asked for the longer password');
    const set = await b.submit(link, { password: 'mật khẩu phóng viên đủ dài' });
    assert.equal(set.status, 303);
    assert.equal(set.location, '/dang-nhap');
    assert.match((await b.get('/dang-nhap')).body, /role="status">Mật khẩu mới đã được lưu/);
    const used = await b.get(link);
    assert.equal(used.status, 400, 'one time only');
    assert.match(used.body, /Liên kết không hợp lệ/);
    const login = await b.submit('/dang-nhap', {
      email: 'phongvien@example.vn',
      password: 'mật khẩu phóng viên đủ dài',
    });
    assert.equal(login.status, 303);
  });

  test('a password reset writes its link to the server log, and the link works', async () => {
    const added = await runCli(
      ['user', 'add', '--email', 'bandoc@example.vn', '--role', 'reader', '--password-stdin'],
      env,
      'mật khẩu cũ của bạn đọc\n',
    );
    assert.equal(added.code, 0, added.stderr);
    const b = new FetchClient(server.url);
    const sent = await b.submit('/quen-mat-khau', { email: 'bandoc@example.vn' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, '/dang-nhap');
    const [logged] = await waitForOutput(server, /^.*"to":"bandoc@example\.vn".*\/dat-lai-mat-khau\/[\w-]{43}.*$/m);
    assert.match(logged, /SMTP_URL is not set/);
    const link = /\/dat-lai-mat-khau\/[\w-]{43}/.exec(logged)![0];
    const done = await b.submit(link, { password: 'mật khẩu mới của bạn đọc' });
    assert.equal(done.status, 303);
    assert.match((await b.get('/dang-nhap')).body, /role="status">Mật khẩu mới đã được lưu/);
    assert.equal(
      (await b.submit('/dang-nhap', { email: 'bandoc@example.vn', password: 'mật khẩu mới của bạn đọc' })).status,
      303,
    );
  });
});
