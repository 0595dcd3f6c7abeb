import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Parser from 'rss-parser';
import { SaxesParser } from 'saxes';
import { backends } from './support/databases.js';
import { makeArticle, makeCategory } from './support/factories.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const SITE_URL = 'https://skhcn.example.vn';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';
/** The sitemaps.org schema as the `sitemap` package ships it (a devDependency), never a copy of ours. */
const SITEMAP_XSD = path.join(
  path.dirname(createRequire(import.meta.url).resolve('sitemap/package.json')),
  'schema/sitemap.xsd',
);
const HOUR = 3_600_000;

interface XmlElement {
  uri: string;
  name: string;
  text: string;
  children: XmlElement[];
}

/** A namespace-aware tree, so a test sees news:news as the Google News element, not a name with a colon. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const el: XmlElement = { uri: tag.uri ?? '', name: tag.local ?? tag.name, text: '', children: [] };
    stack.at(-1)?.children.push(el);
    stack.push(el);
    root ??= el;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root!;
}

const child = (el: XmlElement, uri: string, name: string) => el.children.find((c) => c.uri === uri && c.name === name);

/** xmllint against the shipped XSD; throws with xmllint's messages when the document is not valid. */
function validateSitemap(dir: string, name: string, xml: string): void {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  execFileSync('xmllint', ['--noout', '--schema', SITEMAP_XSD, file], { stdio: 'pipe' });
}

for (const dialect of backends()) {
  describe(`feed list, feeds and sitemaps parse and validate, ${dialect}`, () => {
    let t: TestApp;
    let dir: string;
    let fresh: string;
    let old: string;

    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-sitemaps-'));
      t = await createTestApp(dialect, { env: { SITE_URL, PAGE_CACHE_SECONDS: '0' } });
      const news = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
      const local = await makeCategory(t.site, { slug: 'dia-phuong', name: 'Địa phương', parentSlug: 'tin-tuc' });
      const notices = await makeCategory(t.site, { slug: 'thong-bao', name: 'Thông báo & Lịch' });
      const now = Date.now();
      fresh = (
        await makeArticle(t.site, {
          categoryId: local,
          title: 'Tin <mới> & "nóng" hôm nay',
          publishedAt: new Date(now - HOUR).toISOString(),
        })
      ).url;
      old = (
        await makeArticle(t.site, {
          categoryId: news,
          title: 'Tin ba ngày trước',
          publishedAt: new Date(now - 72 * HOUR).toISOString(),
        })
      ).url;
      await makeArticle(t.site, {
        categoryId: notices,
        title: 'Lịch sắp đăng',
        publishedAt: new Date(now + HOUR).toISOString(),
      });
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('/rss lists the whole site and every category, and each listed feed parses with a real feed parser', async () => {
      const res = await t.app.inject('/rss');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Kênh RSS<\/h1>/);
      const feeds = [...res.body.matchAll(/<li><a href="([^"]+\/rss\.xml)">/g)].map((m) => m[1]!);
      assert.deepEqual(feeds, [
        `${SITE_URL}/rss.xml`,
        `${SITE_URL}/tin-tuc/rss.xml`,
        `${SITE_URL}/dia-phuong/rss.xml`,
        `${SITE_URL}/thong-bao/rss.xml`,
      ]);
      const parser = new Parser();
      const titles: Record<string, string[]> = {};
      for (const feed of feeds) {
        const xml = await t.app.inject(feed.slice(SITE_URL.length));
        assert.equal(xml.statusCode, 200, feed);
        const parsed = await parser.parseString(xml.body);
        assert.ok(parsed.title, feed);
        titles[feed] = parsed.items.map((i) => i.title ?? '');
        for (const item of parsed.items) assert.match(item.link ?? '', /^https:\/\/skhcn\.example\.vn\//);
      }
      assert.deepEqual(titles[`${SITE_URL}/rss.xml`], ['Tin <mới> & "nóng" hôm nay', 'Tin ba ngày trước']);
      assert.deepEqual(titles[`${SITE_URL}/dia-phuong/rss.xml`], ['Tin <mới> & "nóng" hôm nay']);
      assert.deepEqual(titles[`${SITE_URL}/thong-bao/rss.xml`], [], 'a scheduled article is not out yet');
    });

    test('the sitemaps validate against the sitemaps.org schema with xmllint', async () => {
      const index = parseXml((await t.app.inject('/sitemap.xml')).body);
      // The package ships no schema for the index: its shape is checked here, each file it names with xmllint.
      assert.equal(index.uri, SITEMAP_NS);
      assert.equal(index.name, 'sitemapindex');
      const files = index.children.map((s) => child(s, SITEMAP_NS, 'loc')!.text);
      assert.ok(files.includes(`${SITE_URL}/sitemap/tin-moi.xml`), 'the news sitemap is in the index');
      for (const file of files) {
        const res = await t.app.inject(file.slice(SITE_URL.length));
        assert.equal(res.statusCode, 200, file);
        // The schema's wildcard is strict and the package has no news schema: its elements are checked in the next test.
        const plain = res.body.replace(/<news:news>[\s\S]*?<\/news:news>/g, '');
        assert.doesNotThrow(() => validateSitemap(dir, path.basename(file), plain), file);
      }
      assert.throws(() =>
        validateSitemap(
          dir,
          'bad.xml',
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>x</lastmod></url></urlset>',
        ),
      );
    });

    test("the news sitemap has the last two days' articles with Google News elements", async () => {
      const res = await t.app.inject('/sitemap/tin-moi.xml');
      assert.match(String(res.headers['content-type']), /^application\/xml/);
      const set = parseXml(res.body);
      assert.equal(set.name, 'urlset');
      assert.equal(set.children.length, 1, 'older and scheduled articles are left out');
      const url = set.children[0]!;
      assert.equal(child(url, SITEMAP_NS, 'loc')?.text, SITE_URL + fresh);
      assert.ok(!res.body.includes(old));
      const news = child(url, NEWS_NS, 'news')!;
      assert.ok(news, 'news:news in the Google News namespace');
      const publication = child(news, NEWS_NS, 'publication')!;
      assert.equal(child(publication, NEWS_NS, 'name')?.text, 'Cổng thông tin thử nghiệm');
      assert.equal(child(publication, NEWS_NS, 'language')?.text, 'vi');
      const date = child(news, NEWS_NS, 'publication_date')!.text;
      assert.match(date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      assert.ok(Math.abs(new Date(date).getTime() - (Date.now() - HOUR)) < 10 * 60_000);
      assert.equal(child(news, NEWS_NS, 'title')?.text, 'Tin <mới> & "nóng" hôm nay');
    });
  });
}
