import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asUtf8Bytes, BYTES_SLOT, fillByteSlotsInText, utf8BytesToText } from './utf8-bytes.js';

test('UTF-8 bytes round-trip, and a page for one reader gets its fragments as text in slot order', () => {
  const text = 'Ý kiến 😀 <b>&</b>';
  assert.equal(asUtf8Bytes(text).length, Buffer.byteLength(text));
  assert.equal(utf8BytesToText(asUtf8Bytes(text)), text);
  const page = `<a>${BYTES_SLOT}</a><b>${BYTES_SLOT}</b>`;
  assert.equal(fillByteSlotsInText(page, [asUtf8Bytes('Một'), asUtf8Bytes('Hai')]), '<a>Một</a><b>Hai</b>');
  assert.equal(fillByteSlotsInText('<p>không có</p>', []), '<p>không có</p>');
});

test('slots and fragments must match on pages kept as text too', () => {
  assert.throws(() => fillByteSlotsInText(`<a>${BYTES_SLOT}</a>`, []), /more byte slots than its 0 fragments/);
  assert.throws(() => fillByteSlotsInText('<a></a>', [asUtf8Bytes('x')]), /fewer slots/);
});
