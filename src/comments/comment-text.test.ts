import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentTextHtml } from './comment-text.js';

test('http(s) addresses become links marked nofollow ugc noopener, without the sentence’s punctuation', () => {
  assert.equal(
    commentTextHtml('Xem https://example.vn/bai?id=1&x=2. Hay lắm!').value,
    '<p>Xem <a href="https://example.vn/bai?id=1&amp;x=2" rel="nofollow ugc noopener">https://example.vn/bai?id=1&amp;x=2</a>. Hay lắm!</p>',
  );
  assert.match(commentTextHtml('(http://a.example)').value, /^<p>\(<a href="http:\/\/a\.example" rel="nofollow ugc noopener">http:\/\/a\.example<\/a>\)<\/p>$/);
});

test('anything else stays text: other schemes, markup, and quotes that would end the attribute', () => {
  const out = commentTextHtml('javascript:alert(1) <b>đậm</b> http://x.example/"onmouseover="alert(1)').value;
  assert.ok(!out.includes('href="javascript'), out);
  assert.ok(out.includes('&lt;b&gt;đậm&lt;/b&gt;'), out);
  assert.match(out, /<a href="http:\/\/x\.example\/" rel="nofollow ugc noopener">http:\/\/x\.example\/<\/a>&quot;onmouseover=&quot;alert\(1\)/);
});

test('blank lines make paragraphs and single breaks stay', () => {
  assert.equal(commentTextHtml('Một\nhai\n\nba').value, '<p>Một<br>hai</p><p>ba</p>');
});
