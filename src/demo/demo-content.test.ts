import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { demoArticles, demoCategories, type DemoArticle } from './demo-content.js';

const bySlug = new Map(demoCategories.map((c) => [c.slug, c]));
const topLevel = demoCategories.filter((c) => c.parentSlug === undefined);
const children = demoCategories.filter((c) => c.parentSlug !== undefined);

function articleStrings(a: DemoArticle): string[] {
  return [a.categorySlug, a.title, a.sapo, ...a.paragraphs, a.byline, ...a.tags];
}

describe('demo categories', () => {
  it('have unique, URL-safe slugs and non-empty names', () => {
    assert.equal(bySlug.size, demoCategories.length, 'duplicate slug');
    for (const c of demoCategories) {
      assert.match(c.slug, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.ok(c.name.trim().length > 0);
      assert.ok(c.description.trim().length > 0);
    }
  });

  it('have four top-level categories and at least one child', () => {
    assert.equal(topLevel.length, 4);
    assert.ok(children.length >= 1);
  });

  it('nest children one level only, under existing parents', () => {
    for (const c of children) {
      const parent = bySlug.get(c.parentSlug ?? '');
      assert.ok(parent, `${c.slug}: unknown parent ${c.parentSlug}`);
      assert.equal(parent.parentSlug, undefined, `${c.slug}: parent ${parent.slug} is itself a child`);
      assert.notEqual(parent.slug, c.slug);
    }
  });

  it('have distinct positions among siblings', () => {
    const groups = new Map<string, number[]>();
    for (const c of demoCategories) {
      const key = c.parentSlug ?? '';
      groups.set(key, [...(groups.get(key) ?? []), c.position]);
    }
    for (const [parent, positions] of groups) {
      assert.equal(new Set(positions).size, positions.length, `duplicate position under "${parent}"`);
    }
  });

  it('are written in NFC', () => {
    for (const c of demoCategories) {
      for (const s of [c.name, c.description]) assert.equal(s, s.normalize('NFC'));
    }
  });
});

describe('demo articles', () => {
  it('has 12 articles', () => {
    assert.equal(demoArticles.length, 12);
  });

  it('only uses existing categories', () => {
    for (const a of demoArticles) assert.ok(bySlug.has(a.categorySlug), `${a.title}: ${a.categorySlug}`);
  });

  it('has at least two articles directly in every top-level category', () => {
    for (const c of topLevel) {
      const n = demoArticles.filter((a) => a.categorySlug === c.slug).length;
      assert.ok(n >= 2, `${c.slug} has ${n} article(s)`);
    }
  });

  it('has unique titles', () => {
    const titles = demoArticles.map((a) => a.title);
    assert.equal(new Set(titles).size, titles.length);
  });

  it('is written entirely in NFC', () => {
    for (const a of demoArticles) {
      for (const s of articleStrings(a)) assert.equal(s, s.normalize('NFC'), `not NFC in "${a.title}"`);
    }
  });

  it('has distinct hoursAgo values between 1 and 400', () => {
    const hours = demoArticles.map((a) => a.hoursAgo);
    assert.equal(new Set(hours).size, hours.length, 'duplicate hoursAgo');
    for (const h of hours) assert.ok(Number.isInteger(h) && h >= 1 && h <= 400, String(h));
  });

  it('has headlines of 60–110 characters, a sapo, 3–6 paragraphs, a byline and 2–4 tags', () => {
    for (const a of demoArticles) {
      const len = [...a.title].length;
      assert.ok(len >= 60 && len <= 110, `${len} chars: ${a.title}`);
      assert.ok(a.sapo.trim().length > 0);
      assert.ok(a.paragraphs.length >= 3 && a.paragraphs.length <= 6, a.title);
      for (const p of a.paragraphs) {
        const sentences = p.split(/(?<=[.!?]) (?=\p{Lu})/u).length;
        assert.ok(sentences >= 2 && sentences <= 5, `${sentences} sentence(s) in a paragraph of "${a.title}"`);
      }
      assert.ok(a.byline.trim().length > 0);
      assert.ok(a.tags.length >= 2 && a.tags.length <= 4, a.title);
      assert.equal(new Set(a.tags).size, a.tags.length);
    }
  });

  it('has a headline with "đ" and a document code', () => {
    const found = demoArticles.some((a) => /đ/i.test(a.title) && /số \d+\/[A-ZĐ]+-[A-ZĐ]+/u.test(a.title));
    assert.ok(found);
  });
});
