import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { findUserByEmail } from '../../src/accounts/accounts.repo.js';
import { commentDeps, postComment } from '../../src/comments/comments.service.js';
import { moderateComments } from '../../src/comments/moderation.service.js';
import { encodeOwnerCookie } from '../../src/comments/owner-cookies.js';
import { launchBrowser, signInWithForm } from '../support/browser.js';
import { makeUser, STAFF_PASSWORD } from '../support/accounts.js';
import { makeArticle, makeCategory } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { xssCorpus } from '../support/xss-corpus.js';

const PAYLOADS = xssCorpus();
const NAMED_USERS = 40;
const QUERY_SAMPLE = 25;
const OWN_SAMPLE = 20;

/** Elements and attributes a payload would add if it were printed as HTML. */
function injectedCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    // The page's own JSON-LD is a data block (its escaping is tested in test/structured-data.test.ts), and the
    // header's logo is the site's own image.
    const bad = document.querySelectorAll(
      'script:not([src]):not([type="application/ld+json"]), iframe, object, embed, svg, math, img:not(.site-logo), video, audio, marquee, details, isindex, base, [autofocus], [style], a[href^="javascript:" i], form[action^="javascript:" i]',
    ).length;
    const handlers = [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on')),
    ).length;
    return bad + handlers;
  });
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe(`${PAYLOADS.length} XSS payloads in Chromium`, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let articleUrl: string;
  let adminId: number;
  /** The edit tokens the first guests were given, to see their own comments as they would. */
  const ownTokens: { id: number; token: string }[] = [];

  before(async () => {
    assert.ok(PAYLOADS.length >= 300, `${PAYLOADS.length} payloads`);
    t = await createTestApp('sqlite', { env: { PAGE_CACHE_SECONDS: '0' } });
    const cat = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    const article = await makeArticle(t.site, { categoryId: cat, title: 'Bài thử XSS' });
    articleUrl = article.url;
    adminId = await makeUser(t, { email: 'admin@example.vn', role: 'admin' });
    const deps = commentDeps(t.site);
    const formIssuedAt = new Date(Date.now() - 60_000);
    // Guests: the payload is both the name (when it fits) and the body.
    for (const [i, p] of PAYLOADS.entries()) {
      const posted = await postComment(
        deps,
        null,
        {
          articleId: article.id,
          body: `${p} #${i}`,
          name: p.length <= 80 ? p : `Khách ${i}`,
          email: `khach${i}@example.vn`,
        },
        { ip: `10.0.${i >> 8}.${i & 255}`, formIssuedAt },
      );
      assert.equal(posted.status, 'pending', p);
      if (i < OWN_SAMPLE) ownTokens.push({ id: posted.id!, token: posted.guestToken! });
    }
    // Readers whose display name is a payload, each with a comment.
    for (const [i, p] of PAYLOADS.filter((x) => x.length <= 80)
      .slice(0, NAMED_USERS)
      .entries()) {
      const id = await makeUser(t, {
        email: `ten${i}@example.vn`,
        role: 'reader',
        name: p,
        password: 'mật khẩu bạn đọc',
      });
      const user = (await findUserByEmail(t.database.handle.kysely, `ten${i}@example.vn`))!;
      await postComment(
        deps,
        { id, role: 'reader', displayName: user.display_name },
        { articleId: article.id, body: `Tên tôi là ${i}` },
        { ip: `10.9.0.${i}`, formIssuedAt },
      );
    }
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Opens each URL; fails on any dialog or injected element. CSP is bypassed so escaping alone is tested. */
  async function openAll(
    urls: string[],
    signIn?: { email: string; password: string },
    cookies: { name: string; value: string }[] = [],
  ) {
    const context = await browser.newContext({ bypassCSP: true });
    if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: base })));
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    if (signIn) await signInWithForm(page, base, signIn);
    const texts: string[] = [];
    for (const url of urls) {
      await page.goto(base + url);
      assert.equal(await injectedCount(page), 0, url);
      texts.push(collapse(await page.locator('main').innerText()));
    }
    assert.deepEqual(dialogs, []);
    await context.close();
    return texts.join('\n');
  }

  test('the moderation queue shows every payload as text', async () => {
    const urls = Array.from(
      { length: Math.ceil((PAYLOADS.length + NAMED_USERS) / 100) },
      (_, i) => `/quan-tri/y-kien?trang=${i + 1}`,
    );
    const shown = await openAll(urls, { email: 'admin@example.vn', password: STAFF_PASSWORD });
    for (const [i, p] of PAYLOADS.entries()) assert.ok(shown.includes(collapse(`${p} #${i}`)), p);
  });

  test('a guest sees their own waiting payloads, and their edit forms, as text', async () => {
    const owned = new Map(ownTokens.map(({ id, token }) => [id, token]));
    const cookies = [{ name: 'ts_yk', value: encodeOwnerCookie(t.app.csrf.secret, owned) }];
    const shown = await openAll(
      [articleUrl, ...ownTokens.slice(0, 5).map(({ id }) => `/y-kien/${id}/sua`)],
      undefined,
      cookies,
    );
    for (const [i, p] of PAYLOADS.slice(0, OWN_SAMPLE).entries()) assert.ok(shown.includes(collapse(`${p} #${i}`)), p);
  });

  test('approved, every payload shows as text on the article pages and none runs', async () => {
    const ids = (await t.database.handle.kysely.selectFrom('comments').select('id').execute()).map((r) => r.id);
    // One action takes at most 500 comments, as the queue's bulk form would send.
    for (let i = 0; i < ids.length; i += 500) {
      await moderateComments(
        commentDeps(t.site),
        { id: adminId, role: 'admin', displayName: 'Admin' },
        ids.slice(i, i + 500),
        'approve',
      );
    }
    const pages = Math.ceil((PAYLOADS.length + NAMED_USERS) / 50);
    const urls = Array.from({ length: pages }, (_, i) => (i ? `${articleUrl}?y-kien=${i + 1}` : articleUrl));
    const shown = await openAll(urls);
    for (const [i, p] of PAYLOADS.entries()) {
      assert.ok(shown.includes(collapse(`${p} #${i}`)), `body ${p}`);
      if (p.length <= 80) assert.ok(shown.includes(collapse(p)), `name ${p}`);
    }
    assert.match(await openAll(['/tin-tuc']), /ý kiến/, 'the listing with its count is safe too');
  });

  test('a payload display name is safe in the header and on /tai-khoan', async () => {
    await openAll(['/tai-khoan', articleUrl], { email: 'ten0@example.vn', password: 'mật khẩu bạn đọc' });
  });

  test('payloads in query strings are never reflected as markup', async () => {
    const sample = PAYLOADS.filter((_, i) => i % Math.floor(PAYLOADS.length / QUERY_SAMPLE) === 0);
    const urls = sample.flatMap((p) => {
      const q = encodeURIComponent(p);
      return [
        `/dang-nhap?tiep=${encodeURIComponent(`/${p}`)}`,
        `/tin-tuc?trang=${q}`,
        `${articleUrl}?y-kien=${q}`,
        `/khong-co?${q}=${q}`,
      ];
    });
    await openAll(urls);
    const staff = sample.map(
      (p) => `/quan-tri/y-kien?tac-gia=${encodeURIComponent(p.slice(0, 100))}&ip=${encodeURIComponent(p.slice(0, 64))}`,
    );
    await openAll(staff, { email: 'admin@example.vn', password: STAFF_PASSWORD });
  });
});
