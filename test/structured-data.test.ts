import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveSettings } from '../src/site/settings.repo.js';
import { backends } from './support/databases.js';
import { withoutStatsBeacon } from './support/client.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SITE_URL = 'https://skhcn.example.gov.vn';

type Ld = Record<string, unknown> & { '@type': string };

/** Every JSON-LD block of a page, parsed as a search engine would. */
function structuredData(body: string): Ld[] {
  return [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1]!) as Ld,
  );
}

function metaContent(body: string, key: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(body)?.[1];
}

for (const dialect of backends()) {
  describe(`structured data (JSON-LD) and absolute links, ${dialect}`, () => {
    let t: TestApp;
    let url: string;
    const title = 'Hội thảo </script><script>alert(1)</script> <!-- "chuyển đổi số" & AI';

    before(async () => {
      t = await createTestApp(dialect, { env: { SITE_URL, PAGE_CACHE_SECONDS: '0' } });
      await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      const categoryId = await makeCategory(t.site, { slug: 'khoa-hoc', name: 'Khoa học', parentSlug: 'tin-tuc' });
      url = (
        await makeArticle(t.site, {
          categoryId,
          title,
          sapo: 'Tóm tắt </script> của bài.',
          byline: 'Nguyễn Văn An',
          publishedAt: '2026-03-01T17:30:00.000Z',
        })
      ).url;
    });
    after(() => t.close());

    test('an article carries NewsArticle and BreadcrumbList, with Vietnam-time dates and absolute URLs', async () => {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 200);
      // The headline's "</script>" and "<!--" never reach the markup raw: one data block each, no extra script.
      assert.deepEqual(
        (withoutStatsBeacon(res.body).match(/<script[^>]*>/g) ?? []).filter(
          (tag) => !/\/assets\/(reader|comments)\./.test(tag),
        ),
        ['<script type="application/ld+json">', '<script type="application/ld+json">'],
      );
      assert.ok(!res.body.includes('<!--'));
      const [article, breadcrumb] = structuredData(res.body);
      assert.equal(article?.['@type'], 'NewsArticle');
      assert.equal(article['@context'], 'https://schema.org');
      assert.equal(article['headline'], title, 'the parsed headline is the headline, byte for byte');
      assert.equal(article['description'], 'Tóm tắt </script> của bài.');
      assert.equal(article['datePublished'], '2026-03-02T00:30:00+07:00');
      assert.match(String(article['dateModified']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      assert.deepEqual(article['author'], { '@type': 'Person', name: 'Nguyễn Văn An' });
      assert.deepEqual(article['publisher'], {
        '@type': 'Organization',
        name: 'Cổng thông tin thử nghiệm',
        url: `${SITE_URL}/`,
      });
      assert.deepEqual(article['mainEntityOfPage'], { '@type': 'WebPage', '@id': SITE_URL + url });
      assert.equal(article['image'], undefined, 'no cover, no image');

      assert.equal(breadcrumb?.['@type'], 'BreadcrumbList');
      assert.deepEqual(
        (breadcrumb['itemListElement'] as { position: number; name: string; item: string }[]).map((i) => [
          i.position,
          i.name,
          i.item,
        ]),
        [
          [1, 'Cổng thông tin thử nghiệm', `${SITE_URL}/`],
          [2, 'Tin tức', `${SITE_URL}/tin-tuc`],
          [3, 'Khoa học', `${SITE_URL}/khoa-hoc`],
          [4, title, SITE_URL + url],
        ],
      );
    });

    test('the publisher has the logo once the settings have one, as an absolute URL', async () => {
      await saveSettings(t.site.db.kysely, { 'site.logo_url': '/media/0123456789abcdef01234567.png' });
      t.site.contentChanged();
      const [article] = structuredData((await t.app.inject(url)).body);
      assert.deepEqual((article?.['publisher'] as Ld)['logo'], {
        '@type': 'ImageObject',
        url: `${SITE_URL}/media/0123456789abcdef01234567.png`,
      });
    });

    test('the home page has WebSite with a SearchAction on /tim-kiem', async () => {
      const [site] = structuredData((await t.app.inject('/')).body);
      assert.equal(site?.['@type'], 'WebSite');
      assert.equal(site['url'], `${SITE_URL}/`);
      const action = site['potentialAction'] as Record<string, unknown> & { target: { urlTemplate: string } };
      assert.equal(action['@type'], 'SearchAction');
      assert.equal(action.target.urlTemplate, `${SITE_URL}/tim-kiem?q={search_term_string}`);
      assert.equal(action['query-input'], 'required name=search_term_string');
    });

    test('canonical and og:url come from SITE_URL, whatever Host the request names', async () => {
      const res = await t.app.inject({
        url,
        headers: { host: 'attacker.example', 'x-forwarded-host': 'evil.example' },
      });
      assert.equal(/<link rel="canonical" href="([^"]+)">/.exec(res.body)?.[1], SITE_URL + url);
      assert.equal(metaContent(res.body, 'og:url'), SITE_URL + url);
      assert.ok(!res.body.includes('attacker.example') && !res.body.includes('evil.example'));
    });

    test('the data blocks need no unsafe-inline: the CSP stays strict', async () => {
      const csp = String((await t.app.inject(url)).headers['content-security-policy']);
      assert.match(csp, /script-src 'self'/);
      assert.ok(!csp.includes('unsafe-inline'), csp);
    });
  });
}
