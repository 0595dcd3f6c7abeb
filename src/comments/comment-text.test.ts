import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xssCorpus } from '../../test/support/xss-corpus.js';
import { renderV1 } from '../db/migrations/014-comment-html.js';
import { COMMENT_HTML_VERSION, commentTextHtml } from './comment-text.js';

test('http(s) addresses become links marked nofollow ugc noopener, without the sentence’s punctuation', () => {
  assert.equal(
    commentTextHtml('Xem https://example.vn/bai?id=1&x=2. Hay lắm!').value,
    '<p>Xem <a href="https://example.vn/bai?id=1&amp;x=2" rel="nofollow ugc noopener">https://example.vn/bai?id=1&amp;x=2</a>. Hay lắm!</p>',
  );
  assert.match(
    commentTextHtml('(http://a.example)').value,
    /^<p>\(<a href="http:\/\/a\.example" rel="nofollow ugc noopener">http:\/\/a\.example<\/a>\)<\/p>$/,
  );
});

test('anything else stays text: other schemes, markup, and quotes that would end the attribute', () => {
  const out = commentTextHtml('javascript:alert(1) <b>đậm</b> http://x.example/"onmouseover="alert(1)').value;
  assert.ok(!out.includes('href="javascript'), out);
  assert.ok(out.includes('&lt;b&gt;đậm&lt;/b&gt;'), out);
  assert.match(
    out,
    /<a href="http:\/\/x\.example\/" rel="nofollow ugc noopener">http:\/\/x\.example\/<\/a>&quot;onmouseover=&quot;alert\(1\)/,
  );
});

test('blank lines make paragraphs and single breaks stay', () => {
  assert.equal(commentTextHtml('Một\nhai\n\nba').value, '<p>Một<br>hai</p><p>ba</p>');
});

test('migration 014 fills existing rows with what the renderer of its version gives, over the XSS corpus and Vietnamese with links', () => {
  // The copy in the migration is frozen at version 1; when the renderer changes, its version goes up and this test goes.
  assert.equal(COMMENT_HTML_VERSION, 1);
  const texts = [
    ...xssCorpus(),
    'Xem https://vi.wikipedia.org/wiki/Hà_Nội, rồi https://example.vn/«trích» nhé.',
    'Địa chỉ http://a.example\u00a0sau khoảng trắng không ngắt, và ẩn\u2003http://b.example',
    'Một\nhai\n\nba 😀 & <đậm> "trích" \'đơn\'',
    'Tổ hợp NFD: Tiê\u0301ng Viê\u0323t',
  ];
  for (const text of texts) assert.equal(renderV1(text), commentTextHtml(text).value, text);
});
