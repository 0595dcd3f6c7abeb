import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeArticleHtml } from '../src/articles/sanitize.js';

const IMG = '/media/0123456789abcdef01234567.jpg';

test('a table keeps its header: thead, th with scope, tbody', () => {
  assert.equal(
    sanitizeArticleHtml(
      '<table class="x" style="width:9px"><thead><tr><th scope="col" onclick="x()">Năm</th></tr></thead><tbody><tr><td colspan="2">2026</td></tr></tbody></table>',
    ),
    '<table><thead><tr><th scope="col">Năm</th></tr></thead><tbody><tr><td colspan="2">2026</td></tr></tbody></table>',
  );
});

test('a figure keeps only the editor’s placement classes; a decorative image keeps alt=""', () => {
  assert.equal(
    sanitizeArticleHtml(`<figure class="align-left size-small wp-caption evil"><img src="${IMG}" alt=""></figure>`),
    `<figure class="align-left size-small"><img src="${IMG}" alt="" loading="lazy" /></figure>`,
  );
  assert.equal(
    sanitizeArticleHtml(
      `<figure class="align-right size-medium"><img class="align-left" src="${IMG}" alt="Ảnh"></figure>`,
    ),
    `<figure class="align-right size-medium"><img src="${IMG}" alt="Ảnh" loading="lazy" /></figure>`,
  );
  assert.equal(sanitizeArticleHtml('<p class="align-left">Chữ</p>'), '<p>Chữ</p>', 'on a figure only');
});

test('"open in a new tab" is the one target kept, and every link gets rel=noopener', () => {
  assert.equal(
    sanitizeArticleHtml('<a href="https://a.vn" target="_blank" rel="opener">a</a>'),
    '<a href="https://a.vn" rel="noopener" target="_blank">a</a>',
  );
  assert.equal(
    sanitizeArticleHtml('<a href="/b" target="_top">b</a> <a href="mailto:x@y.vn" target="">c</a>'),
    '<a href="/b" rel="noopener">b</a> <a href="mailto:x@y.vn" rel="noopener">c</a>',
  );
  assert.equal(
    sanitizeArticleHtml('<a href="javascript:alert(1)" target="_blank">d</a>'),
    '<a rel="noopener" target="_blank">d</a>',
  );
});
