/**
 * A soak with faults: `npm run soak -- --minutes N [--database sqlite|postgres|both] [--json]`.
 *
 * Starts the real server on a fresh database and, all at once, has readers
 * load pages, guests and signed-in readers comment, an editor create, save and
 * publish articles, and `toasoan import` bring in generated .txt files. A third
 * of the way in the server is killed with SIGKILL and restarted; on PostgreSQL
 * the server's connections are then ended with pg_terminate_backend and later
 * cut for a few seconds at a TCP proxy between server and database.
 *
 * It reports every write the server acknowledged against what the database
 * holds afterwards (0 lost), answers of 5xx (only 503s during a database cut
 * are expected), unexpected exits of the server, its RSS over time and the
 * latency per kind of request. Traffic goes to 127.0.0.1 only; every loop is
 * bounded in count and time, and the run stops by itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createUser } from '../src/accounts/accounts.service.js';
import { createDb, type DialectName } from '../src/db/index.js';
import { runCli } from '../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.js';
import { startServerProcess, type RunningServer } from '../test/support/server.js';
import { proxyDatabaseUrl, type TcpProxy } from '../test/support/tcp-proxy.js';
import { csrfTokenIn, WebClient, type WebResponse } from '../test/support/web-client.js';

export interface SoakOptions {
  seconds: number;
  dialect: DialectName;
  /** Progress lines; the report is returned, not printed. */
  log?: (line: string) => void;
}

type Kind = 'read' | 'comment' | 'editor' | 'login';

export interface SoakReport {
  dialect: DialectName;
  seconds: number;
  acknowledged: {
    guestComments: number;
    readerComments: number;
    articles: number;
    saves: number;
    publishes: number;
    imported: number;
  };
  /** Acknowledged writes not found afterwards, described one per line. */
  lost: string[];
  requests: number;
  byStatus: Record<string, number>;
  /** Requests that got no answer: the server was down or the connection was cut. */
  noAnswer: number;
  expected503: number;
  unexpected5xx: string[];
  /** The first answers of 4xx, with the page's message: refusals a healthy run should not have. */
  refusals: string[];
  /** Exits of the server that the soak did not cause. */
  unexpectedExits: string[];
  faults: { kind: string; atMs: number; untilMs: number }[];
  /** Successful answers after the last fault ended (and its grace period). */
  okAfterFaults: number;
  /** A comment posted after the run and the faults was acknowledged: the service came back. */
  cameBack: boolean;
  /** Runs of `toasoan import`, and the lines of the files it could not write. */
  importRuns: number;
  importFailures: string[];
  /** Warnings and errors the server logged, for finding the cause of a 5xx. */
  serverErrors: string[];
  rss: { atMs: number; mb: number; generation: number }[];
  latency: Record<Kind, { count: number; p50: number; p99: number; max: number }>;
}

const WARMUP_FORM_MS = 3200; // comment forms must be a few seconds old (a spam rule)
const GRACE_MS = 5000; // 503s are expected this long after a database cut ends
const MAX_ITERATIONS = 100_000;
const COMMENTS_PER_ACCOUNT = 5; // the per-account comment limit per 10 minutes
const LOW_HASHING = { memoryCost: 1024, timeCost: 1 }; // soak accounts only; the hash records its own cost

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

/** A generated article in the importer's plain-text form. */
function importFile(title: string, minute: number): string {
  const time = `${String(8 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')} 04/12/2026`;
  return `${title}\n${time}\nĐoạn mở đầu của bài nhập trong lúc chạy thử dài hạn.\n\nNội dung thứ hai của bài, đủ dài để là một đoạn văn bình thường.\n\nPV\n`;
}

/** Stops the server with SIGTERM (SIGKILL if it has not ended 15 s later); nothing if it has already exited. */
async function stopServer(server: RunningServer | undefined): Promise<void> {
  const child = server?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(timer);
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  // Whatever fails, the server, the proxy, the database and the temp folder go (last made, first gone).
  const cleanups: (() => unknown)[] = [];
  try {
    return await soak(opts, cleanups);
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  }
}

async function soak(opts: SoakOptions, cleanups: (() => unknown)[]): Promise<SoakReport> {
  const log = opts.log ?? (() => undefined);
  const durationMs = opts.seconds * 1000;
  // The clock starts with the traffic; it runs on past the duration until the last fault is 3 s behind.
  let started = performance.now();
  let faultsDoneAt = Infinity;
  let aborted = false;
  const now = () => Math.round(performance.now() - started);
  const over = () => aborted || now() >= Math.max(durationMs, faultsDoneAt + 3000);
  const tag = Math.random().toString(36).slice(2, 8);

  const work = mkdtempSync(path.join(tmpdir(), 'toasoan-soak-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const database: TestDatabase = await createTestDatabase(opts.dialect);
  cleanups.push(() => database.drop());
  const appName = `toasoan-soak-${tag}`;
  let proxy: TcpProxy | undefined;
  let serverUrl = database.url;
  if (opts.dialect === 'postgres') {
    const viaProxy = await proxyDatabaseUrl(database.url);
    proxy = viaProxy.proxy;
    cleanups.push(() => viaProxy.proxy.close());
    const u = new URL(viaProxy.url);
    u.searchParams.set('application_name', appName); // so pg_terminate_backend ends this server's connections only
    serverUrl = u.toString();
  }
  const port = await freePort();
  const env = {
    DATABASE_URL: serverUrl,
    DATA_DIR: path.join(work, 'data'),
    PORT: String(port),
    NODE_ENV: 'production',
    SITE_URL: `http://127.0.0.1:${port}`,
    DEMO_CONTENT: '1',
    COMMENT_IP_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  };

  const report: SoakReport = {
    dialect: opts.dialect,
    seconds: opts.seconds,
    acknowledged: { guestComments: 0, readerComments: 0, articles: 0, saves: 0, publishes: 0, imported: 0 },
    lost: [],
    requests: 0,
    byStatus: {},
    noAnswer: 0,
    expected503: 0,
    unexpected5xx: [],
    refusals: [],
    unexpectedExits: [],
    faults: [],
    okAfterFaults: 0,
    cameBack: false,
    importRuns: 0,
    importFailures: [],
    serverErrors: [],
    rss: [],
    latency: {} as SoakReport['latency'],
  };
  const latencies: Record<Kind, number[]> = { read: [], comment: [], editor: [], login: [] };
  const ackedComments: string[] = [];
  const editorArticles = new Map<number, { titles: string[]; ackedTitle: number; published: boolean }>();
  const imported: { id: number; title: string }[] = [];

  // The server, restarted after our own SIGKILL and after any exit we did not cause.
  let server: RunningServer | undefined;
  cleanups.push(() => {
    stopping = true;
    return stopServer(server);
  });
  let generation = 0;
  let killing = false;
  let stopping = false;
  let restarting: Promise<void> | undefined;
  const outputs: (() => string)[] = [];
  const start = async (): Promise<void> => {
    const started = await startServerProcess(env);
    server = started;
    outputs.push(started.output);
    generation++;
    const { child, output } = started;
    child.once('exit', (code, signal) => {
      if (killing || stopping) return;
      report.unexpectedExits.push(
        `at ${now()} ms: exit ${code ?? signal}: ${output().trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`,
      );
      log(`server exited unexpectedly (${code ?? signal}); restarting`);
      if (report.unexpectedExits.length > 5 || over()) return;
      restarting = start()
        .catch((err: unknown) => void report.unexpectedExits.push(`restart failed: ${String(err).slice(0, 300)}`))
        .finally(() => (restarting = undefined));
    });
  };
  await start();
  const baseUrl = `http://127.0.0.1:${port}`;
  log(`server on ${baseUrl} (${opts.dialect}), running ${opts.seconds} s`);

  // Users made directly in the database: an editor and a pool of readers, each signing in from its own address.
  const deps = {
    db: database.handle.kysely,
    now: () => new Date(),
    hashing: LOW_HASHING,
    mailer: { send: async () => undefined },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    siteUrl: baseUrl,
  };
  const PASSWORD = 'Mật-khẩu-chạy-thử-dài-hạn-2026';
  const READER_WORKERS = 2;
  const accountsPerWorker = Math.min(200, Math.ceil(opts.seconds / 3) + 2);
  await createUser(deps, {
    email: `bientap.${tag}@example.vn`,
    displayName: 'Biên tập chạy thử',
    role: 'editor',
    password: PASSWORD,
  });
  const readerEmails: string[][] = [];
  for (let w = 0; w < READER_WORKERS; w++) {
    readerEmails.push([]);
    for (let i = 0; i < accountsPerWorker; i++) {
      const email = `bandoc.${w}.${i}.${tag}@example.vn`;
      await createUser(deps, { email, displayName: `Bạn đọc ${w}-${i}`, role: 'reader', password: PASSWORD });
      readerEmails[w]!.push(email);
    }
  }

  const faultWindows: { from: number; until: number }[] = [];
  const inCut = (at: number) => faultWindows.some((w) => at >= w.from && at <= w.until + GRACE_MS);
  let lastFaultEnd = Infinity;

  /** One request, counted: status, latency, 5xx inside or outside a database cut. */
  async function send(kind: Kind, run: () => Promise<WebResponse>): Promise<WebResponse | undefined> {
    const at = now();
    report.requests++;
    let res: WebResponse;
    try {
      res = await run();
    } catch {
      report.noAnswer++;
      return undefined;
    }
    report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
    latencies[kind].push(res.ms);
    if (res.status >= 500) {
      if (res.status === 503 && (inCut(at) || inCut(now()))) report.expected503++;
      else if (report.unexpected5xx.length < 50)
        report.unexpected5xx.push(
          `${res.status} ${kind} at ${at} ms: ${/<title>([^<]*)/.exec(res.body)?.[1] ?? res.body.slice(0, 200)}`,
        );
      else report.unexpected5xx.push(`${res.status}`);
    } else if (res.status >= 400) {
      const message =
        /class="form-error"[^>]*>([^<]*)/.exec(res.body)?.[1] ??
        /<title>([^<]*)/.exec(res.body)?.[1] ??
        res.body.slice(0, 100);
      if (report.refusals.length < 20) report.refusals.push(`${res.status} ${kind} at ${at} ms: ${message}`);
    } else if (at > lastFaultEnd + GRACE_MS && res.status < 400) report.okAfterFaults++;
    return res;
  }
  /** After a failed request, wait a little rather than spin against a server that is down. */
  const backOff = () => sleep(300);

  // Readers: the pages a visitor opens, without cookies.
  const home = await new WebClient(baseUrl).get('/');
  const articlePaths = [
    ...new Set([...home.body.matchAll(/href="(\/[a-z0-9-]+\/[a-z0-9-]+-\d+\.html)"/g)].map((m) => m[1]!)),
  ];
  const categoryPaths = [...new Set([...home.body.matchAll(/href="(\/[a-z0-9-]+\/?)"/g)].map((m) => m[1]!))]
    .filter((p) => p !== '/')
    .slice(0, 4);
  if (!articlePaths.length) throw new Error('soak: the home page links no article');
  const readPaths = [
    '/',
    ...articlePaths,
    ...categoryPaths,
    '/tim-kiem?q=khoa+h%E1%BB%8Dc',
    '/rss.xml',
    `${categoryPaths[0] ?? '/'}?trang=2`,
  ];
  const reader = async (i: number) => {
    const client = new WebClient(baseUrl, `127.0.1.${i + 1}`);
    for (let n = 0; n < MAX_ITERATIONS && !over(); n++) {
      const res = await send('read', () => client.get(readPaths[n % readPaths.length]!));
      if (!res) await backOff();
      else await sleep(20);
    }
    client.close();
  };

  /** Loads an article's comment form; undefined while the server cannot answer. */
  async function commentForm(client: WebClient, articlePath: string) {
    const page = await send('read', () => client.get(articlePath));
    if (page?.status !== 200 || !page.body.includes('name="articleId"')) return undefined;
    return {
      token: csrfTokenIn(page.body),
      articleId: /name="articleId" value="(\d+)"/.exec(page.body)![1]!,
      loadedAt: now(),
    };
  }

  // Guests: one token serves many posts; the owner cookies are dropped, so each post stands for another guest
  // (one guest keeping them all would pass the header limit after many comments).
  const guest = async (i: number) => {
    const client = new WebClient(baseUrl, `127.0.2.${i + 1}`);
    let form: Awaited<ReturnType<typeof commentForm>>;
    for (let n = 0; n < MAX_ITERATIONS && !over(); n++) {
      form ??= await commentForm(client, articlePaths[i % articlePaths.length]!);
      if (!form) {
        await backOff();
        continue;
      }
      await sleep(Math.max(0, form.loadedAt + WARMUP_FORM_MS - now()));
      const body = `Ý kiến khách ${i}-${n} (${tag}) trong lúc chạy thử.`;
      const res = await send('comment', () =>
        client.post('/y-kien', {
          _csrf: form!.token,
          articleId: form!.articleId,
          name: `Khách ${i}`,
          email: `khach.${i}.${n}.${tag}@example.vn`,
          body,
        }),
      );
      for (const name of [...client.cookies.keys()]) if (name.includes('ts_yk')) client.cookies.delete(name);
      // Accepted is 303 back to the article; a refusal is a 4xx with the form again.
      if (res?.status === 303) {
        ackedComments.push(body);
        report.acknowledged.guestComments++;
      }
      if (!res || res.status >= 500) await backOff();
      else await sleep(150);
    }
    client.close();
  };

  /** Signs in, trying again while the server is down (a restart can take a while on a busy machine). */
  async function signIn(client: WebClient, email: string): Promise<boolean> {
    for (let tries = 0; tries < 1000 && !over(); tries++) {
      const page = await send('login', () => client.get('/dang-nhap'));
      const res =
        page?.status === 200
          ? await send('login', () =>
              client.post('/dang-nhap', { _csrf: csrfTokenIn(page.body), email, password: PASSWORD }),
            )
          : undefined;
      if (res?.status === 303) return true;
      await backOff();
    }
    return false;
  }

  // Signed-in readers: each account signs in from its own address and posts up to the per-account limit.
  const signedInReader = async (w: number) => {
    for (let a = 0; a < readerEmails[w]!.length && !over(); a++) {
      const client = new WebClient(baseUrl, `127.0.${3 + w}.${a + 1}`);
      if (!(await signIn(client, readerEmails[w]![a]!))) break;
      let form: Awaited<ReturnType<typeof commentForm>>;
      let acked = 0;
      for (let n = 0; n < COMMENTS_PER_ACCOUNT * 4 && acked < COMMENTS_PER_ACCOUNT && !over(); n++) {
        form ??= await commentForm(client, articlePaths[(w + a) % articlePaths.length]!);
        if (!form) {
          await backOff();
          continue;
        }
        await sleep(Math.max(0, form.loadedAt + WARMUP_FORM_MS - now()));
        const body = `Ý kiến bạn đọc ${w}-${a}-${n} (${tag}) đã đăng nhập.`;
        const res = await send('comment', () =>
          client.post('/y-kien', { _csrf: form!.token, articleId: form!.articleId, body }),
        );
        if (res?.status === 303) {
          acked++;
          ackedComments.push(body);
          report.acknowledged.readerComments++;
        }
        // The account's limit counts attempts, including those a fault cut short: on to the next account.
        if (res?.status === 429) break;
        if (!res || res.status >= 500) await backOff();
        else await sleep(300);
      }
      client.close();
    }
  };

  // The editor: create an article, save it again, publish it; after a failure, read the stored version and go on.
  const editor = async () => {
    const client = new WebClient(baseUrl, '127.0.9.1');
    await signIn(client, `bientap.${tag}@example.vn`);
    const editPage = async (id: number) => {
      const res = await send('editor', () => client.get(`/quan-tri/bai-viet/${id}`));
      if (res?.status !== 200) return undefined;
      return { token: csrfTokenIn(res.body), version: /name="version" value="(\d+)"/.exec(res.body)![1]! };
    };
    for (let n = 0; n < MAX_ITERATIONS && !over(); n++) {
      const blank = await send('editor', () => client.get('/quan-tri/bai-viet/moi'));
      if (blank?.status !== 200) {
        if (blank?.status === 303)
          await signIn(client, `bientap.${tag}@example.vn`); // only if the session is gone
        else await backOff();
        continue;
      }
      const categoryId = /<select id="categoryId" name="categoryId"[^>]*><option value="(\d+)"/.exec(blank.body)![1]!;
      const content = (title: string) => ({
        title,
        sapo: 'Sapo của bài chạy thử.',
        bodyHtml: `<p>Nội dung bài ${n}.</p>`,
        byline: 'BT',
        categoryId,
        tags: '',
        allowComments: '1',
      });
      const first = `Bài biên tập ${n} (${tag}) bản một`;
      const created = await send('editor', () =>
        client.post('/quan-tri/bai-viet', { _csrf: csrfTokenIn(blank.body), ...content(first) }),
      );
      const id = Number(/\/quan-tri\/bai-viet\/(\d+)$/.exec(String(created?.headers.location ?? ''))?.[1]);
      if (created?.status !== 303 || !id) {
        await backOff();
        continue;
      }
      const article = { titles: [first], ackedTitle: 0, published: false };
      editorArticles.set(id, article);
      report.acknowledged.articles++;
      let page = await editPage(id);
      if (!page) continue;
      const second = `Bài biên tập ${n} (${tag}) bản hai`;
      article.titles.push(second);
      const saved = await send('editor', () =>
        client.post(`/quan-tri/bai-viet/${id}`, { _csrf: page!.token, ...content(second), version: page!.version }),
      );
      if (saved?.status === 303) {
        article.ackedTitle = 1;
        report.acknowledged.saves++;
      }
      page = await editPage(id);
      if (!page) continue;
      const published = await send('editor', () =>
        client.post(`/quan-tri/bai-viet/${id}/xuat-ban`, { _csrf: page!.token, version: page!.version, at: '' }),
      );
      if (published?.status === 303) {
        article.published = true;
        report.acknowledged.publishes++;
      }
      await sleep(200);
    }
    client.close();
  };

  // The importer: batches of generated files through the real CLI, straight to the database.
  const importer = async () => {
    for (let batch = 0; batch < 1000 && !over(); batch++) {
      const dir = path.join(work, `import-${batch}`);
      mkdirSync(dir);
      for (let f = 0; f < 8; f++)
        writeFileSync(
          path.join(dir, `bai-${f}.txt`),
          importFile(`Bài nhập ${batch}-${f} (${tag})`, (batch * 8 + f) % 600),
        );
      report.importRuns++;
      const result = await runCli(['import', dir, '--json'], {
        DATABASE_URL: database.url,
        DATA_DIR: env.DATA_DIR,
        NODE_ENV: 'production',
        SITE_URL: env.SITE_URL,
      });
      for (const line of result.stdout.split('\n').filter(Boolean)) {
        const a = JSON.parse(line) as { id: number; title: string };
        imported.push({ id: a.id, title: a.title });
        report.acknowledged.imported++;
      }
      if (result.code !== 0)
        report.importFailures.push(...result.stderr.split('\n').filter((l) => l && !l.startsWith('importing:')));
      await sleep(500);
    }
  };

  // Faults, at fixed points of the run.
  const faults = async () => {
    const at = (fraction: number) => sleep(Math.max(0, fraction * durationMs - now()));
    await at(0.3);
    if (over()) return;
    const from = now();
    killing = true;
    const victim = server!.child;
    await new Promise<void>((r) => {
      victim.once('exit', () => r());
      victim.kill('SIGKILL');
    });
    killing = false;
    log(`killed the server (SIGKILL) at ${from} ms; restarting`);
    await start();
    report.faults.push({ kind: 'kill -9 and restart', atMs: from, untilMs: now() });
    lastFaultEnd = now();
    if (!proxy) return;

    // Each fault waits for the service to be back from the one before, however slow the restart was.
    await at(0.5);
    await sleep(Math.max(0, lastFaultEnd + 2000 - now()));
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const t = now();
      faultWindows.push({ from: t, until: t });
      const { rowCount } = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [appName],
      );
      report.faults.push({ kind: `pg_terminate_backend (${rowCount} connections)`, atMs: t, untilMs: now() });
      log(`ended ${rowCount} database connections of the server at ${t} ms`);
    } finally {
      await admin.end();
    }
    lastFaultEnd = now();

    await at(0.7);
    await sleep(Math.max(0, lastFaultEnd + 3000 - now()));
    const window = { from: now(), until: Infinity };
    faultWindows.push(window);
    proxy.cut();
    log(`cut the database connection at ${window.from} ms`);
    await sleep(3000);
    proxy.restore();
    window.until = now();
    report.faults.push({ kind: 'database connection cut', atMs: window.from, untilMs: window.until });
    lastFaultEnd = window.until;
    log(`restored the database connection at ${window.until} ms`);
  };

  /** After the run, a write that needs the database must go through again (retried for up to 30 s). */
  const finalComment = async (): Promise<boolean> => {
    const client = new WebClient(baseUrl, '127.0.9.2');
    try {
      for (let tries = 0; tries < 60; tries++) {
        const form = await commentForm(client, articlePaths[0]!);
        if (form) {
          await sleep(Math.max(0, form.loadedAt + WARMUP_FORM_MS - now()));
          const body = `Ý kiến sau khi chạy thử (${tag}).`;
          const res = await send('comment', () =>
            client.post('/y-kien', {
              _csrf: form.token,
              articleId: form.articleId,
              name: 'Khách cuối',
              email: `cuoi.${tag}@example.vn`,
              body,
            }),
          );
          if (res?.status === 303) {
            ackedComments.push(body);
            return true;
          }
        }
        await sleep(500);
      }
      return false;
    } finally {
      client.close();
    }
  };

  const sampler = async () => {
    for (let n = 0; n < MAX_ITERATIONS && !over(); n++) {
      const child = server?.child;
      const mb = child?.pid && child.exitCode === null ? rssMb(child.pid) : undefined;
      if (mb !== undefined) report.rss.push({ atMs: now(), mb, generation });
      await sleep(1000);
    }
  };

  started = performance.now();
  log('traffic starts');
  // A watchdog: whatever hangs, the run ends.
  let watchdog: NodeJS.Timeout | undefined;
  const hardStop = new Promise<never>((_, reject) => {
    watchdog = setTimeout(() => {
      aborted = true;
      reject(new Error(`soak: still running ${durationMs + 120_000} ms after its start`));
    }, durationMs + 120_000);
  });
  try {
    await Promise.race([
      Promise.all([
        ...Array.from({ length: 3 }, (_, i) => reader(i)),
        ...Array.from({ length: 3 }, (_, i) => guest(i)),
        ...Array.from({ length: READER_WORKERS }, (_, w) => signedInReader(w)),
        editor(),
        importer(),
        faults().finally(() => (faultsDoneAt = now())),
        sampler(),
      ]),
      hardStop,
    ]);
    await restarting;
    report.cameBack = await finalComment();
  } finally {
    clearTimeout(watchdog);
    aborted = true;
    stopping = true;
    await stopServer(server);
    await proxy?.close();
  }

  for (const output of outputs) {
    for (const line of output().split('\n'))
      if (/"level":(40|50|60)/.test(line)) report.serverErrors.push(line.slice(0, 600));
  }

  // What the database holds now, read afresh.
  await database.handle.destroy();
  const check = createDb(database.url);
  try {
    const bodies = new Set((await check.kysely.selectFrom('comments').select('body').execute()).map((r) => r.body));
    for (const body of ackedComments) if (!bodies.has(body)) report.lost.push(`comment: ${body}`);
    const ids = [...editorArticles.keys(), ...imported.map((a) => a.id)];
    const rows = ids.length
      ? await check.kysely.selectFrom('articles').select(['id', 'title', 'status']).where('id', 'in', ids).execute()
      : [];
    const stored = new Map(rows.map((r) => [r.id, r]));
    for (const [id, a] of editorArticles) {
      const row = stored.get(id);
      // A later save may have been applied without its answer arriving; an earlier title means a lost save.
      if (!row) report.lost.push(`article ${id}: missing`);
      else if (!a.titles.slice(a.ackedTitle).includes(row.title))
        report.lost.push(`article ${id}: title "${row.title}", saved "${a.titles[a.ackedTitle]}"`);
      else if (a.published && row.status !== 'published')
        report.lost.push(`article ${id}: status ${row.status} after an acknowledged publish`);
    }
    for (const a of imported)
      if (stored.get(a.id)?.title !== a.title) report.lost.push(`imported article ${a.id}: missing "${a.title}"`);
  } finally {
    await check.destroy();
  }
  for (const kind of Object.keys(latencies) as Kind[]) {
    const sorted = latencies[kind].sort((a, b) => a - b);
    report.latency[kind] = {
      count: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    };
  }
  return report;
}

/** The soak's verdict on counts only: timings are reported, never judged. */
export function soakProblems(r: SoakReport): string[] {
  const problems: string[] = [];
  if (r.lost.length) problems.push(`${r.lost.length} acknowledged writes lost`);
  if (r.unexpected5xx.length) problems.push(`${r.unexpected5xx.length} answers of 5xx outside a database cut`);
  if (r.unexpectedExits.length) problems.push(`${r.unexpectedExits.length} unexpected exits of the server`);
  if (!r.cameBack)
    problems.push('the service did not come back after the faults: a comment posted afterwards was not acknowledged');
  return problems;
}

export function formatReport(r: SoakReport): string {
  const a = r.acknowledged;
  const rssLine = (gen: number) => {
    const s = r.rss.filter((x) => x.generation === gen);
    if (!s.length) return '';
    const step = Math.max(1, Math.floor(s.length / 12));
    return `  server ${gen}: ${s
      .filter((_, i) => i % step === 0)
      .map((x) => `${Math.round(x.atMs / 1000)}s ${x.mb}`)
      .join(', ')} (MB)`;
  };
  const generations = [...new Set(r.rss.map((x) => x.generation))];
  const problems = soakProblems(r);
  return [
    `Soak on ${r.dialect}, ${r.seconds} s`,
    `acknowledged writes: ${a.guestComments} guest comments, ${a.readerComments} signed-in comments, ${a.articles} articles created, ` +
      `${a.saves} saves, ${a.publishes} publishes, ${a.imported} imported`,
    `lost: ${r.lost.length}${r.lost.length ? `\n  ${r.lost.slice(0, 20).join('\n  ')}` : ''}`,
    `requests: ${r.requests}; by status: ${Object.entries(r.byStatus)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}; no answer: ${r.noAnswer}`,
    `refusals (4xx): ${r.refusals.length}${r.refusals.length ? `\n  ${r.refusals.slice(0, 10).join('\n  ')}` : ''}`,
    `5xx: ${r.expected503} expected 503s during database cuts, ${r.unexpected5xx.length} others${r.unexpected5xx.length ? `\n  ${r.unexpected5xx.slice(0, 10).join('\n  ')}` : ''}`,
    `unexpected server exits: ${r.unexpectedExits.length}${r.unexpectedExits.length ? `\n  ${r.unexpectedExits.join('\n  ')}` : ''}`,
    `faults: ${r.faults.map((f) => `${f.kind} at ${Math.round(f.atMs / 100) / 10}s (${f.untilMs - f.atMs} ms)`).join('; ')}`,
    `answered after the faults: ${r.okAfterFaults}; a comment posted at the end: ${r.cameBack ? 'acknowledged' : 'NOT acknowledged'}`,
    `import: ${r.importRuns} runs; failures: ${r.importFailures.length}${r.importFailures.length ? `\n  ${r.importFailures.slice(0, 5).join('\n  ')}` : ''}`,
    `server warnings and errors: ${r.serverErrors.length}${r.serverErrors.length ? `\n  ${r.serverErrors.slice(0, 5).join('\n  ')}` : ''}`,
    `RSS over time:\n${generations.map(rssLine).join('\n')}`,
    `latency (ms): ${Object.entries(r.latency)
      .map(([k, l]) => `${k} n=${l.count} p50 ${l.p50} p99 ${l.p99} max ${l.max}`)
      .join('; ')}`,
    problems.length ? `PROBLEMS: ${problems.join('; ')}` : 'no lost writes, no unexpected 5xx, the service came back',
  ].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '1' },
      database: { type: 'string', default: 'sqlite' },
      json: { type: 'boolean', default: false },
    },
  });
  const minutes = Number(values.minutes);
  if (!(minutes > 0 && minutes <= 24 * 60)) throw new Error('--minutes: a number of minutes, up to 1440');
  const dialects: DialectName[] =
    values.database === 'both' ? ['sqlite', 'postgres'] : [values.database as DialectName];
  if (!dialects.every((d) => d === 'sqlite' || d === 'postgres'))
    throw new Error('--database: sqlite, postgres or both');
  if (dialects.includes('postgres')) process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  let failed = false;
  for (const dialect of dialects) {
    const report = await runSoak({
      seconds: (minutes * 60) / dialects.length,
      dialect,
      log: (l) => console.error(`soak: ${l}`),
    });
    console.log(values.json ? JSON.stringify(report) : `${formatReport(report)}\n`);
    failed ||= soakProblems(report).length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
