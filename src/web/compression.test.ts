import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { compressPage, compressPageQuickly, pickEncoding } from './compression.js';

test('pickEncoding follows the q-values of Accept-Encoding', () => {
  const cases: [string | undefined, ReturnType<typeof pickEncoding>][] = [
    [undefined, null],
    ['', null],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0', null],
    ['gzip;q=0, br;q=0', null],
    ['br;q=0.1, gzip;q=0.9', 'gzip'],
    ['BR', 'br'],
    ['*', 'br'],
    ['*;q=0', null],
    ['identity', null],
    ['brotli, xgzip', null],
  ];
  for (const [header, expected] of cases) assert.equal(pickEncoding(header), expected, String(header));
});

/** Each way a page is compressed for the cache, with the matching decompressor. */
function eachCompression(page: Buffer, check: (bytes: Buffer, label: string) => void): void {
  for (const compress of [compressPage, compressPageQuickly]) {
    for (const [encoding, decompress] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const bytes = compress(page, encoding);
      const label = `${compress.name} ${encoding}`;
      check(bytes, label);
      assert.ok(decompress(bytes).equals(page), `${label}: comes back whole`);
    }
  }
}

test("a compressed page holds only its own bytes, not the rest of zlib's output chunk", () => {
  const page = Buffer.from(`<main>${'<p>Sở Khoa học và Công nghệ: ý kiến bạn đọc</p>'.repeat(300)}</main>`);
  eachCompression(page, (bytes, label) => {
    assert.ok(bytes.length < page.length / 4, `${label}: ${bytes.length} bytes`);
    // A cached page keeps its buffer's whole backing store alive (zlib's chunk: 16 KiB on Node 20, 64 KiB on Node 24).
    assert.equal(bytes.buffer.byteLength, bytes.length, `${label}: keeps ${bytes.buffer.byteLength} bytes alive`);
  });
});

test("a page that hardly compresses (larger than zlib's output buffer for it) comes back whole", () => {
  const page = Buffer.from(randomBytes(20_000).toString('base64'));
  eachCompression(page, (bytes, label) => {
    assert.ok(bytes.length > page.length / 2, `${label}: ${bytes.length} bytes, more than one output buffer`);
    assert.equal(bytes.buffer.byteLength, bytes.length, label);
  });
});
