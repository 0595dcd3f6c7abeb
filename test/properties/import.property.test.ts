import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { importFile } from '../../src/import/import-files.js';
import { parsePlainTextArticle } from '../../src/import/plain-text-parser.js';
import { formatVnDateTime } from '../../src/vi/dates.js';
import { encodeTcvn3 } from '../../src/vi/legacy-encoding.js';
import { encodeVni } from '../../src/vi/vni.js';
import { backends } from '../support/databases.js';
import { makeCategory } from '../support/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { anyText, realSentence } from './arbitraries.js';
import { params } from './settings.js';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An article as the parser's format describes it, and the text file a writer would make of it. */
const article = fc
  .record({
    title: realSentence.map(capitalised),
    minute: fc.integer({ min: Date.UTC(1976, 0, 1) / 60_000, max: Date.UTC(2100, 0, 1) / 60_000 }),
    paragraphs: fc.array(
      realSentence.map((s) => `${capitalised(s)}.`),
      { minLength: 1, maxLength: 6 },
    ),
    byline: fc.option(fc.constantFrom('PC', 'Minh Anh', 'Hoàng Long (TTXVN)', 'Phòng Truyền thông'), { nil: null }),
    chrome: fc.subarray(['Ý kiến bạn đọc', 'ĐĂNG NHẬP']),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    blank: fc.constantFrom('', '\n', '\n\n'),
    bom: fc.boolean(),
  })
  .map((a) => {
    const publishedAt = new Date(a.minute * 60_000).toISOString();
    const lines = [
      a.title,
      formatVnDateTime(publishedAt),
      ...a.paragraphs.flatMap((p) => [p, a.blank]),
      ...(a.byline ? [a.byline] : []),
      '',
      ...a.chrome,
    ];
    const text = (a.bom ? '\ufeff' : '') + lines.join('\n').replace(/\n/g, a.newline);
    return { ...a, publishedAt, text };
  });

/** Files as they come: well-formed, cut short, with lines dropped or swapped, in a legacy encoding, or any bytes at all. */
const fileBytes = fc.oneof(
  article.map((a) => Buffer.from(a.text)),
  fc.tuple(article, fc.nat(), fc.nat()).map(([a, i, j]) => {
    const lines = a.text.split('\n');
    [lines[i % lines.length], lines[j % lines.length]] = [lines[j % lines.length]!, lines[i % lines.length]!];
    return Buffer.from(lines.slice(0, 1 + (j % lines.length)).join('\n'));
  }),
  article.map((a) => encodeTcvn3(a.text.toLowerCase())),
  article.map((a) => encodeVni(a.text)),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
  anyText.map((s) => Buffer.from(s)),
);

describe('plain-text importer parser', () => {
  test('never throws: any text parses, or fails with a line number and a message naming it', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          article.map((a) => a.text),
        ),
        (text) => {
          const r = parsePlainTextArticle(text);
          if (r.ok) return;
          assert.ok(Number.isInteger(r.line) && r.line >= 1, `line ${r.line}`);
          assert.ok(r.line <= text.split(/\r\n|\r|\n/).length + 1, `line ${r.line} is past the end`);
          assert.ok(r.message.startsWith(`line ${r.line}: `), r.message);
        },
      ),
      params(),
    );
  });

  test('a well-formed file gives back its headline, time, paragraphs and byline', () => {
    fc.assert(
      fc.property(article, (a) => {
        const r = parsePlainTextArticle(a.text);
        assert.ok(r.ok, r.ok ? '' : r.message);
        assert.equal(r.article.title, a.title);
        assert.equal(r.article.publishedAt, a.publishedAt);
        assert.deepEqual([r.article.sapo, ...r.article.paragraphs], a.paragraphs);
        assert.equal(r.article.byline, a.byline);
      }),
      params(),
    );
  });
});

for (const dialect of backends()) {
  describe(`importing files (${dialect})`, () => {
    let t: TestApp;
    let dir: string;
    let categoryId: number;
    before(async () => {
      t = await createTestApp(dialect);
      dir = mkdtempSync(path.join(tmpdir(), 'toasoan-import-fuzz-'));
      categoryId = await makeCategory(t.site, { slug: 'tin-tuc', name: 'Tin tức' });
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    const count = async () =>
      Number(
        (
          await t.database.handle.kysely
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('a file either imports or is reported with its line; a refused file writes nothing', async () => {
      const category = (await t.site.categories()).getBySlug('tin-tuc')!;
      assert.equal(category.id, categoryId);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fileBytes, async (bytes) => {
          const file = path.join(dir, `${++n}.txt`);
          writeFileSync(file, bytes);
          const before = await count();
          const outcome = await importFile(t.site.deps, file, category);
          const after = await count();
          if (outcome.ok) assert.ok(after - before <= 1, 'one file, at most one article');
          else {
            assert.equal(after, before, `refused (${outcome.message}) but wrote`);
            assert.ok(outcome.line >= 1 && outcome.message.length > 0);
          }
        }),
        params(40),
      );
    });
  });
}
