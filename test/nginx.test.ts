import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from '../src/db/index.js';
import { runCli } from './support/cli.js';
import { csrfFrom } from './support/client.js';
import { startServerProcess, type RunningServer } from './support/server.js';

/*
 * The site behind the real nginx with deploy/nginx.conf, as an IT team would
 * run it: NODE_ENV=production, SITE_URL the proxy's origin, TRUST_PROXY the
 * proxy. Readers connect from different loopback addresses (127.0.0.x) so
 * that nginx sees, and forwards, distinct client addresses.
 */
const NGINX = '/usr/sbin/nginx';
const CONF = fileURLToPath(new URL('../deploy/nginx.conf', import.meta.url));
const PASSWORD = 'Mật-khẩu-bạn-đọc-qua-nginx-2026';

interface Res {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A reader: one source address and its cookies. */
class Reader {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly port: number,
    readonly address: string,
  ) {}

  request(
    method: string,
    url: string,
    opts: { form?: Record<string, string>; headers?: http.OutgoingHttpHeaders } = {},
  ): Promise<Res> {
    const payload = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const headers: http.OutgoingHttpHeaders = {
      ...(cookie ? { cookie } : {}),
      ...(payload
        ? {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(payload),
            origin: `http://127.0.0.1:${this.port}`,
          }
        : {}),
      ...opts.headers,
    };
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: this.port, localAddress: this.address, method, path: url, headers, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => {
            for (const line of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
              const [pair] = line.split(';');
              const eq = pair!.indexOf('=');
              if (/Max-Age=0/i.test(line)) this.cookies.delete(pair!.slice(0, eq));
              else this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
  get(url: string, headers: http.OutgoingHttpHeaders = {}) {
    return this.request('GET', url, { headers });
  }
  post(url: string, form: Record<string, string>, headers: http.OutgoingHttpHeaders = {}) {
    return this.request('POST', url, { form, headers });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** deploy/nginx.conf with the ports and paths of this run; each substitution must find its line, or the file changed shape. */
function confFor(dir: string, listenPort: number, appPort: number): string {
  let conf = readFileSync(CONF, 'utf8');
  const swaps: [string | RegExp, string][] = [
    [/^user www-data;$/m, 'user root;'],
    [/listen 80;/, `listen 127.0.0.1:${listenPort};`],
    [/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${appPort};`],
    [/\/var\/cache\/nginx\/toasoan/, path.join(dir, 'cache')],
    [/\/var\/log\/nginx\/toasoan\.access\.log/, path.join(dir, 'access.log')],
    // Debian's build keeps temp files under /var/lib/nginx; this run keeps them in its own folder.
    [
      /^http \{$/m,
      `http {\n${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `    ${k}_temp_path ${path.join(dir, k)};`).join('\n')}`,
    ],
  ];
  for (const [from, to] of swaps) {
    assert.match(
      conf,
      from instanceof RegExp ? from : new RegExp(from),
      `deploy/nginx.conf no longer has ${String(from)}`,
    );
    conf = conf.replace(from, to);
  }
  return conf;
}

describe('behind nginx with deploy/nginx.conf', () => {
  let dir: string;
  let server: RunningServer | undefined;
  let nginx: ChildProcess | undefined;
  let nginxLog = '';
  let port: number;
  let db: DbHandle;
  let articleUrl: string;

  before(async () => {
    assert.ok(
      existsSync(NGINX),
      `nginx is not installed at ${NGINX}: install Debian's package (apt-get install nginx); .ci/run does`,
    );
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-nginx-'));
    const databaseUrl = `sqlite:${path.join(dir, 'site.db')}`;
    const added = await runCli(
      [
        'user',
        'add',
        '--email',
        'ban.doc@example.vn',
        '--role',
        'reader',
        '--name',
        'Bạn Đọc Qua Proxy',
        '--password-stdin',
      ],
      {
        DATABASE_URL: databaseUrl,
      },
      PASSWORD,
    );
    assert.equal(added.code, 0, added.stderr);
    port = await freePort();
    server = await startServerProcess({
      DATABASE_URL: databaseUrl,
      DATA_DIR: dir,
      NODE_ENV: 'production',
      SITE_URL: `http://127.0.0.1:${port}`,
      TRUST_PROXY: '127.0.0.1',
      COMMENT_IP_LIMIT: '1',
    });
    const appPort = Number(new URL(server.url).port);
    const conf = path.join(dir, 'nginx.conf');
    writeFileSync(conf, confFor(dir, port, appPort));
    const globals = `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log ${path.join(dir, 'error.log')} warn;`;
    nginx = spawn(NGINX, ['-p', dir, '-c', conf, '-g', globals], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stdout!.on('data', (d: Buffer) => (nginxLog += d.toString()));
    nginx.stderr!.on('data', (d: Buffer) => (nginxLog += d.toString()));
    const probe = new Reader(port, '127.0.0.1');
    for (let i = 0; ; i++) {
      const up = await probe.get('/healthz').catch(() => undefined);
      if (up?.status === 200) break;
      assert.ok(i < 100 && nginx.exitCode === null, `nginx did not come up:\n${nginxLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    db = createDb(databaseUrl);
    const home = await probe.get('/');
    // Demo content: any article of it takes comments.
    articleUrl =
      /href="(\/[a-z0-9-]+\/[a-z0-9-]+-\d+\.html)"/.exec(home.body)?.[1] ??
      assert.fail('no article link on the home page');
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const done = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGQUIT');
      await done;
    }
    await server?.stop();
    await db?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a guest’s list page comes through, then from the micro-cache, with its Cache-Control', async () => {
    const guest = new Reader(port, '127.0.0.1');
    const first = await guest.get('/?nginx-test=1');
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], 'public, max-age=60');
    assert.equal(first.headers['x-cache-status'], 'MISS');
    const again = await guest.get('/?nginx-test=1');
    assert.equal(again.headers['x-cache-status'], 'HIT');
    assert.equal(again.body, first.body);
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(first.body)?.[1] ?? assert.fail('no stylesheet');
    const asset = await guest.get(css, { 'accept-encoding': 'gzip' });
    assert.equal(asset.status, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
  });

  test('/metrics is not served through the proxy', async () => {
    assert.equal((await new Reader(port, '127.0.0.1').get('/metrics')).status, 404);
  });

  test('a reader signs in through it, and their pages bypass the micro-cache', async () => {
    const reader = new Reader(port, '127.0.0.4');
    await reader.get('/');
    const form = await reader.get('/dang-nhap');
    assert.equal(form.status, 200);
    const login = await reader.post('/dang-nhap', {
      email: 'ban.doc@example.vn',
      password: PASSWORD,
      _csrf: csrfFrom(form.body),
    });
    assert.equal(login.status, 303, login.body.slice(0, 500));
    assert.ok(reader.cookies.has('ts_session'), 'over http the cookie has no __Host- prefix');
    const home = await reader.get('/');
    assert.match(home.body, /Bạn Đọc Qua Proxy/);
    assert.equal(home.headers['cache-control'], 'private, no-store');
    assert.equal(home.headers['x-cache-status'], 'BYPASS');
    const guestHome = await new Reader(port, '127.0.0.5').get('/');
    assert.doesNotMatch(guestHome.body, /Bạn Đọc Qua Proxy/, 'the signed-in page was not stored for guests');
  });

  test('comments work through it, and one reader’s throttle does not block another', async () => {
    const a = new Reader(port, '127.0.0.2');
    const b = new Reader(port, '127.0.0.3');
    const [pageA, pageB] = await Promise.all([a.get(articleUrl), b.get(articleUrl)]);
    assert.equal(pageA.status, 200);
    const articleId = /name="articleId" value="(\d+)"/.exec(pageA.body)?.[1] ?? assert.fail('no comment form');
    // The form refuses a post sooner than a person could type one.
    await new Promise((r) => setTimeout(r, 3200));
    const comment = (page: Res, name: string, body: string) => ({
      articleId,
      _csrf: csrfFrom(page.body),
      name,
      email: `${name.toLowerCase()}@example.vn`,
      body,
    });

    const first = await a.post('/y-kien', comment(pageA, 'Lan', 'Bài viết rất hữu ích cho người dân địa phương.'));
    assert.equal(first.status, 303, first.body.slice(0, 500));
    const second = await a.post('/y-kien', comment(pageA, 'Lan', 'Xin hỏi thêm về thời gian áp dụng quy định này.'));
    assert.equal(second.status, 429, 'COMMENT_IP_LIMIT=1: the same reader is held back');
    const forged = await a.post('/y-kien', comment(pageA, 'Lan', 'Thử lại với một địa chỉ giả mạo.'), {
      'x-forwarded-for': '127.0.0.9',
    });
    assert.equal(forged.status, 429, 'a forged X-Forwarded-For does not make a new reader');
    const other = await b.post('/y-kien', comment(pageB, 'Minh', 'Tôi cũng quan tâm đến chủ đề này, cảm ơn tòa soạn.'));
    assert.equal(other.status, 303, `another reader is not blocked: ${other.body.slice(0, 300)}`);

    const stored = await db.kysely
      .selectFrom('comments')
      .select(['author_name', 'ip'])
      .where('author_name', 'in', ['Lan', 'Minh'])
      .orderBy('id')
      .execute();
    assert.deepEqual(stored, [
      { author_name: 'Lan', ip: '127.0.0.2' },
      { author_name: 'Minh', ip: '127.0.0.3' },
    ]);
  });
});
