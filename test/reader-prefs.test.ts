import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('text size and contrast preferences (/hien-thi)', () => {
  let t: TestApp;
  before(async () => (t = await createTestApp('sqlite', { env: { SITE_URL: 'https://skhcn.example.vn' } })));
  after(() => t.close());

  async function choose(query: string, cookie = '', referer?: string) {
    const res = await t.app.inject({
      url: `/hien-thi?${query}`,
      headers: { cookie, ...(referer ? { referer } : {}) },
    });
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    return { res, setCookie };
  }

  test('A+ and A- step through the sizes from the current one; A goes back to the default', async () => {
    let r = await choose('co-chu=tang&ve=%2Ftin-tuc%2Fbai-1.html');
    assert.equal(r.res.statusCode, 303);
    assert.equal(r.res.headers.location, '/tin-tuc/bai-1.html');
    assert.equal(r.res.headers['cache-control'], 'no-store');
    assert.deepEqual(r.setCookie, ['co-chu=lon; Path=/; SameSite=Lax; Max-Age=31536000; Secure']);
    r = await choose('co-chu=tang', 'co-chu=lon');
    assert.match(r.setCookie[0]!, /^co-chu=rat-lon;/);
    r = await choose('co-chu=tang', 'co-chu=rat-lon');
    assert.match(r.setCookie[0]!, /^co-chu=rat-lon;/, 'the largest stays the largest');
    r = await choose('co-chu=giam');
    assert.match(r.setCookie[0]!, /^co-chu=nho;/);
    r = await choose('co-chu=vua', 'co-chu=lon');
    assert.match(r.setCookie[0]!, /^co-chu=; Path=\/; SameSite=Lax; Max-Age=0/, 'the default needs no cookie');
  });

  test('the contrast link toggles', async () => {
    assert.match((await choose('tuong-phan=doi')).setCookie[0]!, /^tuong-phan=cao;/);
    assert.match((await choose('tuong-phan=doi', 'tuong-phan=cao')).setCookie[0]!, /^tuong-phan=; .*Max-Age=0/);
  });

  test('the way back is a path on this site only: no open redirect', async () => {
    for (const ve of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { res } = await choose(`co-chu=tang&ve=${encodeURIComponent(ve)}`);
      assert.equal(res.headers.location, '/', ve);
    }
    const { res } = await choose('co-chu=tang', '', 'https://skhcn.example.vn/tim-kiem?q=a');
    assert.equal(res.headers.location, '/tim-kiem?q=a', 'without ve, the page the reader came from');
    assert.equal((await choose('co-chu=tang', '', 'https://evil.example/a')).res.headers.location, '/');
  });

  test('an unknown choice is a 400 with a Vietnamese message, and sets nothing', async () => {
    const { res, setCookie } = await choose('co-chu=khong-lo');
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('Lựa chọn hiển thị không hợp lệ.'));
    assert.deepEqual(setCookie, []);
  });

  test('every page carries the controls, with the way back to itself, and the same bytes for every reader', async () => {
    const plain = await t.app.inject('/');
    const chosen = await t.app.inject({ url: '/', headers: { cookie: 'co-chu=lon; tuong-phan=cao' } });
    assert.ok(plain.body.includes('<a href="/hien-thi?co-chu=tang&amp;ve=%2F" rel="nofollow"'));
    assert.equal(plain.body, chosen.body, 'the cached page does not depend on the choice');
    assert.match(plain.body, /<script src="\/assets\/reader\.[0-9a-f]{12}\.js"><\/script>/);
  });
});
