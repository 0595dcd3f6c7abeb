import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { anonymousCsrfFieldBytes, CSRF_MARKER, type CsrfSettings } from './csrf.js';
import { encodePage } from './page-cache.js';
import { cachedResponse } from './pages.js';

test('a cached form page keeps only the compressed copy for a browser, and joins the plain page for a client that asks for it', () => {
  let now = new Date('2026-03-01T02:00:00Z');
  const csrf = { secret: 'khoa-thu', now: () => now } as CsrfSettings;
  const html = `<main><p>${'Ý kiến bạn đọc về bài viết. '.repeat(200)}</p><form>${CSRF_MARKER}<textarea></textarea></form></main>`;
  const page = encodePage(200, html, anonymousCsrfFieldBytes(csrf));
  assert.equal(page.kind, 'form');
  // A later second: the field has a new token, so the page is joined again with it.
  now = new Date(now.getTime() + 2000);
  const expected = html.replace(CSRF_MARKER, anonymousCsrfFieldBytes(csrf).toString());

  const br = cachedResponse(page, { 'accept-encoding': 'br' }, csrf);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(brotliDecompressSync(br.body!).toString(), expected);
  assert.ok(
    page.kind === 'form' && page.filled?.identity === undefined,
    'a joined copy of the page was kept beside the compressed one',
  );
  assert.equal(
    cachedResponse(page, { 'accept-encoding': 'br' }, csrf),
    br,
    'compressed once a second, not per request',
  );

  const plain = cachedResponse(page, {}, csrf);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body!.toString(), expected);
});
