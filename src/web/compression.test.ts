import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickEncoding } from './compression.js';

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
