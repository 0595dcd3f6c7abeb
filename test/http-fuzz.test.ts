/**
 * Walks the route table with random methods, path parameters, query strings and bodies (form, JSON,
 * multipart, bytes that are not UTF-8, huge values, arrays where one value is expected), as a guest,
 * a reader and an admin. No answer may be a 5xx; without a valid CSRF token nothing in the database may change.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { DbHandle } from '../src/db/index.js';
import { backends } from './support/databases.js';
import { csrfFrom, ORIGIN, type Client } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { signedIn } from './support/staff.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { params } from './properties/settings.js';

const FIELDS = [
  '_csrf',
  'action',
  'allowComments',
  'alt',
  'articleId',
  'at',
  'blocklist',
  'blocklistAction',
  'body',
  'bodyHtml',
  'byline',
  'categoryId',
  'code',
  'coverMediaId',
  'currentPassword',
  'description',
  'disabled',
  'displayName',
  'email',
  'guestsAllowed',
  'ids',
  'inMenu',
  'logoMediaId',
  'name',
  'note',
  'parentId',
  'password',
  'position',
  'premoderation',
  'publishedAt',
  'q',
  'role',
  'sapo',
  'seoDescription',
  'seoTitle',
  'slug',
  'staffTwoFactorRequired',
  'status',
  'tags',
  'tiep',
  'title',
  'token',
  'version',
  'website',
  'trang',
  'page',
  'sort',
  'from',
  'to',
  'tu',
  'den',
  'chuyen-muc',
  'sap-xep',
  'trang-thai',
  'tac-gia',
  'y-kien',
  'da-tai',
  'a[b]',
  'ids[]',
  '__proto__',
  'constructor',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** Every byte percent-encoded: how arbitrary bytes, and so invalid UTF-8, reach a URL or a form. */
const percent = (bytes: Uint8Array) =>
  [...bytes].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
const encodeText = (s: string) => percent(Buffer.from(s));

const scalar = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '0',
    '-1',
    '1.5',
    '1e3',
    '99999999999999999999',
    '9007199254740993',
    'abc',
    'true',
    'null',
    '',
    ' ',
    '[]',
    '{}',
  ),
  fc.constantFrom(
    'Tổng kết 10 năm',
    '22-NQ/TW',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '../../etc/passwd',
    '\u0000',
    'a\u0000b',
    'reader@example.vn',
  ),
  fc.integer().map(String),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
/** A value as it is written in a URL or a form body: encoded text, raw bytes, or far too long. */
const encodedValue = fc.oneof(
  { weight: 6, arbitrary: scalar.map(encodeText) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 24 }).map(percent) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%G1', '%C3%28', '%FF%FE', '%ED%A0%80', '+', '%2F%2E%2E') },
  { weight: 1, arbitrary: fc.integer({ min: 250, max: 20_000 }).map((n) => 'a'.repeat(n)) },
);
const field = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const pairs = fc
  .array(fc.tuple(field, encodedValue), { maxLength: 8 })
  .map((ps) => ps.map(([k, v]) => `${encodeText(k)}=${v}`).join('&'));

/** Every field at once, mostly with values a real form would send: gets past "missing field" into the services. */
const plausible = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '1',
      '2',
      '0',
      'on',
      'author',
      'editor',
      'admin',
      'reader',
      'published',
      'draft',
      'tin-tuc',
      'Tin tức',
      'Bài viết mới',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'reader@example.vn',
      'Mật-khẩu-rất-dài-2026!',
      '<p>Nội dung <b>đậm</b></p>',
      '11:16 23/05/2018',
      '2018-05-23T11:16',
      '2018-05-23',
      'https://example.vn',
    ),
  },
  { weight: 2, arbitrary: scalar },
);
const fullForm = fc
  .tuple(...FIELDS.map(() => plausible))
  .map((vs) => vs.map((v, i) => `${encodeText(FIELDS[i]!)}=${encodeText(v)}`).join('&'));

const jsonValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    field,
    fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 3 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.object({ maxDepth: 1 }),
    ),
  ),
);

interface Body {
  contentType?: string;
  payload: string | Buffer;
}

function multipart(parts: Array<[string, Uint8Array, boolean]>, boundary: string, broken: boolean): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, bytes, isFile] of parts) {
    const disposition = `form-data; name="${name.replace(/["\r\n]/g, '')}"${isFile ? '; filename="anh.jpg"' : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${isFile ? 'Content-Type: image/jpeg\r\n' : ''}\r\n`,
      ),
      Buffer.from(bytes),
      Buffer.from('\r\n'),
    );
  }
  if (!broken) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const body: fc.Arbitrary<Body | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 5, arbitrary: pairs.map((payload) => ({ contentType: 'application/x-www-form-urlencoded', payload })) },
  // Sent twice, every field arrives as an array where the route expects one value.
  {
    weight: 3,
    arbitrary: fc.tuple(fullForm, fc.boolean()).map(([form, twice]) => ({
      contentType: 'application/x-www-form-urlencoded',
      payload: twice ? `${form}&${form}` : form,
    })),
  },
  { weight: 2, arbitrary: jsonValue.map((v) => ({ contentType: 'application/json', payload: JSON.stringify(v) })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(
          fc.tuple(
            field,
            fc.oneof(
              scalar.map((s) => Buffer.from(s)),
              fc.uint8Array({ maxLength: 64 }),
            ),
            fc.boolean(),
          ),
          { maxLength: 4 },
        ),
        fc.boolean(),
        fc.boolean(),
      )
      .map(([parts, broken, wrongBoundary]) => ({
        contentType: `multipart/form-data; boundary=${wrongBoundary ? 'anders' : 'toasoan'}`,
        payload: multipart(parts, 'toasoan', broken),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/json',
          'multipart/form-data',
          'multipart/form-data; boundary=',
          'text/plain',
          'application/octet-stream',
          'text/xml',
          'application/json; charset=utf-16',
          'application/x-www-form-urlencoded; charset=iso-8859-1',
          ';;',
          'x/x',
        ),
        fc.uint8Array({ maxLength: 300 }),
      )
      .map(([contentType, bytes]) => ({ contentType, payload: Buffer.from(bytes) })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...FIELDS).map((f) => ({
      contentType: 'application/x-www-form-urlencoded',
      payload: `${f}=${'x'.repeat(1024 * 1024 + 1)}`,
    })),
  },
);

type Who = 'guest' | 'reader' | 'admin';

interface FuzzRequest {
  method: string;
  url: string;
  body: Body | undefined;
  who: Who;
  origin: string | undefined;
}

interface Session {
  cookie: string;
  token: string;
}

/** A random request to one of the routes: its own method mostly, any other sometimes. */
function request(
  routes: readonly { method: string; url: string }[],
  values: fc.Arbitrary<string>,
): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      otherMethod: fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
      ),
      params: fc.array(values, { minLength: 4, maxLength: 4 }),
      query: fc.option(pairs, { freq: 2 }),
      body,
      who: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Who>('guest') },
        { weight: 2, arbitrary: fc.constant<Who>('reader') },
        { weight: 3, arbitrary: fc.constant<Who>('admin') },
      ),
      origin: fc.constantFrom(ORIGIN, undefined, 'http://evil.example', 'null'),
    })
    .map((r) => {
      let i = 0;
      const path = r.route.url.replace(/:\w+/g, () => r.params[i++]!);
      return {
        method: r.otherMethod ?? r.route.method,
        url: r.query === null ? path : `${path}?${r.query}`,
        body: r.body,
        who: r.who,
        origin: r.origin,
      };
    });
}

/** A digest of every row of every table: equal digests, equal databases. */
async function checksum(handle: DbHandle): Promise<Record<string, string>> {
  const tables =
    handle.dialect === 'sqlite'
      ? await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(handle.kysely)
      : await sql<{
          name: string;
        }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
          handle.kysely,
        );
  const out: Record<string, string> = {};
  for (const { name } of tables.rows) {
    // Anonymous visitor counters: the statistics beacon adds to them without a token by design (src/stats).
    if (name.startsWith('stats_')) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(handle.kysely);
    const lines = rows.rows
      .map((row) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))
      .sort();
    out[name] = `${lines.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

for (const dialect of backends()) {
  describe(`HTTP fuzz over the route table (${dialect})`, () => {
    let t: TestApp;
    const sessions = {} as Record<Who, Session>;
    let values: fc.Arbitrary<string>;

    before(async () => {
      // The clock stands still: a long run must not see the once-a-minute session touch as a write.
      const now = new Date();
      t = await createTestApp(dialect, { now: () => now });
      const categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      const art = await makeArticle(t.site, {
        categoryId,
        title: 'Tổng kết 10 năm thực hiện Nghị quyết số 22-NQ/TW',
        status: 'published',
        publishedAt: '2018-05-23T04:16:00.000Z',
      });
      const cookie = (c: Client) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const reader = await signedIn(t, 'reader', 'Bạn đọc Thử');
      const admin = await signedIn(t, 'admin', 'Quản trị Thử');
      const guestPage = await t.app.inject('/dang-nhap');
      const guestCookie = String(guestPage.headers['set-cookie'] ?? '').split(';')[0]!;
      sessions.guest = { cookie: guestCookie, token: csrfFrom(guestPage.body) };
      sessions.reader = {
        cookie: cookie(reader.client),
        token: csrfFrom((await reader.client.get('/tai-khoan')).body),
      };
      sessions.admin = {
        cookie: cookie(admin.client),
        token: csrfFrom((await admin.client.get('/quan-tri/bai-viet/moi')).body),
      };
      // Parameters that name real things reach deeper than random ones.
      const [, section, file] = art.url.split('/');
      values = fc.oneof(
        {
          weight: 3,
          arbitrary: fc.constantFrom(
            String(art.id),
            String(reader.id),
            String(admin.id),
            section!,
            file!,
            'tin-tuc',
            'editor.js',
            'sitemap-1.xml',
            'rss.xml',
            '1',
          ),
        },
        { weight: 4, arbitrary: encodedValue },
        { weight: 1, arbitrary: fc.constant('a'.repeat(301)) },
      );
    });
    after(() => t.close());

    const send = (r: FuzzRequest, csrf: 'valid' | 'none' | 'forged') => {
      const s = sessions[r.who];
      const headers: Record<string, string> = { cookie: r.who === 'guest' && csrf !== 'valid' ? '' : s.cookie };
      if (r.origin) headers.origin = r.origin;
      if (r.body?.contentType) headers['content-type'] = r.body.contentType;
      if (csrf === 'valid') {
        headers.origin = ORIGIN;
        headers['x-csrf-token'] = s.token;
      } else if (csrf === 'forged') headers['x-csrf-token'] = `${s.token.slice(0, -4)}AAAA`;
      return t.app.inject({
        method: r.method as 'GET',
        url: r.url,
        headers,
        ...(r.body ? { payload: r.body.payload } : {}),
      });
    };
    const describeRequest = (r: FuzzRequest) =>
      `${r.method} ${r.url.slice(0, 200)} as ${r.who}, origin ${r.origin}, ${r.body?.contentType ?? 'no body'} ${String(r.body?.payload ?? '').slice(0, 200)}`;

    test('without a valid CSRF token: never a 5xx, and the database does not change', async () => {
      const before = await checksum(t.database.handle);
      // The digest covers the tables a forged request would aim at, and they are not empty.
      for (const table of ['articles', 'users', 'sessions', 'categories'])
        assert.ok(Number(before[table]?.split(':')[0]) > 0, table);
      await fc.assert(
        fc.asyncProperty(
          request(t.routes, values),
          fc.constantFrom<'none' | 'forged'>('none', 'forged'),
          async (r, csrf) => {
            const res = await send(r, csrf);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${describeRequest(r)}: ${res.body.slice(0, 300)}`);
          },
        ),
        params(250),
      );
      assert.deepEqual(await checksum(t.database.handle), before);
    });

    test('with a valid CSRF token and session: never a 5xx', async () => {
      // Ending one's own sessions would leave the rest of the run signed out.
      const routes = t.routes.filter(
        (r) => !['/dang-xuat', '/tai-khoan/phien/ket-thuc-tat-ca', '/tai-khoan/xoa'].includes(r.url),
      );
      await fc.assert(
        fc.asyncProperty(request(routes, values), async (r) => {
          const res = await send(r, 'valid');
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${describeRequest(r)}: ${res.body.slice(0, 300)}`);
        }),
        params(400),
      );
    });
  });
}
