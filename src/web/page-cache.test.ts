import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSRF_MARKER } from './csrf.js';
import { encodePage } from './page-cache.js';

// encodePage writes pages through a reused buffer and finds the CSRF slots in
// bytes; these pin its output to what Buffer.from and String#split give.
function expectedParts(html: string): Buffer[] {
  return html.split(CSRF_MARKER).map((part) => Buffer.from(part));
}

test('a page without a form is its UTF-8 bytes, with an ETag', () => {
  const html = '<h1>Sở Khoa học và Công nghệ tỉnh Đồng Nai</h1><p>Ý kiến bạn đọc 😀</p>';
  const page = encodePage(200, html);
  assert.equal(page.kind, 'static');
  if (page.kind !== 'static') return;
  assert.deepEqual(page.body, Buffer.from(html));
  assert.match(page.etag, /^"[\w-]{22}"$/);
  const other = encodePage(200, `${html}.`);
  assert.ok(other.kind === 'static' && other.etag !== page.etag);
});

test('a page with forms is split at every CSRF slot, at the start, in the middle and at the end', () => {
  const html = `${CSRF_MARKER}<form>Đăng nhập${CSRF_MARKER}</form><p>Bình luận</p>${CSRF_MARKER}${CSRF_MARKER}`;
  const page = encodePage(200, html);
  assert.equal(page.kind, 'form');
  if (page.kind !== 'form') return;
  assert.deepEqual(page.parts, expectedParts(html));
  assert.equal(page.parts.length, 5);
});

test("lone surrogates become U+FFFD as with Buffer.from, and a second page does not see the first one's bytes", () => {
  const first = `<p>${'Việt Nam '.repeat(2000)}</p>${CSRF_MARKER}<p>\ud800 và \udfff</p>`;
  const second = '<p>ngắn</p>';
  const a = encodePage(200, first);
  const b = encodePage(404, second);
  assert.equal(a.kind, 'form');
  if (a.kind === 'form') assert.deepEqual(a.parts, expectedParts(first));
  assert.equal(b.status, 404);
  assert.deepEqual(b.kind === 'static' && b.body, Buffer.from(second));
  // The first page's bytes are its own, not a view of a buffer the second page overwrote.
  if (a.kind === 'form') assert.deepEqual(Buffer.concat(a.parts), Buffer.concat(expectedParts(first)));
});

test('a page too large for the reused buffer is encoded all the same', () => {
  const html = `<main>${'Đường lên Điện Biên '.repeat(30_000)}${CSRF_MARKER}</main>`;
  assert.ok(html.length * 3 > 1 << 20);
  const page = encodePage(200, html);
  assert.equal(page.kind, 'form');
  if (page.kind === 'form') assert.deepEqual(page.parts, expectedParts(html));
});

test('a given CSRF field goes into the form slots, with the parts left without it', () => {
  const field = Buffer.from('<input type="hidden" name="_csrf" value="abc.def">');
  const html = `<main><h1>Bình luận</h1><ol><li>Ý kiến một 😀</li></ol><form>${CSRF_MARKER}<textarea></textarea></form></main>`;
  const page = encodePage(200, html, field);
  assert.equal(page.kind, 'form');
  if (page.kind !== 'form') return;
  assert.deepEqual(page.parts, expectedParts(html));
  assert.deepEqual(page.joined?.body, Buffer.from(html.replace(CSRF_MARKER, field.toString())));
  assert.equal(page.joined?.field, field);
  // Without a field the parts are the same and nothing is joined yet.
  const bare = encodePage(200, html);
  assert.ok(bare.kind === 'form' && bare.joined === undefined);
  if (bare.kind === 'form') assert.deepEqual(bare.parts, page.parts);
});

test('a page holds memory of its own, not a block of the shared Buffer pool (64 KiB on Node 24)', () => {
  const html = `<main><h1>Ý kiến bạn đọc</h1>${'<p>Đăng nhập để bình luận</p>'.repeat(40)}</main>`;
  const page = encodePage(200, html);
  assert.ok(page.kind === 'static');
  if (page.kind === 'static') assert.equal(page.body.buffer.byteLength, page.body.length);
  const form = encodePage(200, `${html}${CSRF_MARKER}`, Buffer.from('<input type="hidden" name="_csrf" value="x">'));
  assert.ok(form.kind === 'form' && form.joined);
  if (form.kind === 'form') assert.equal(form.parts[0]!.buffer.byteLength, form.joined!.body.length);
});
