import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatVnCount } from './numbers.js';

test('counts are grouped by threes with dots, as Intl writes them for vi-VN', () => {
  const samples = [0, 7, 10, 999, 1000, 1234, 12345, 123456, 1234567, 10_000_000, -5, -1234, -999_999, 2 ** 53 - 1];
  for (let n = 1; n < 1e15; n = n * 7 + 3) samples.push(n, -n);
  for (const n of samples) assert.equal(formatVnCount(n), n.toLocaleString('vi-VN'), String(n));
});

test('what is not a whole count is left to Intl', () => {
  assert.equal(formatVnCount(1234.5), (1234.5).toLocaleString('vi-VN'));
  assert.equal(formatVnCount(2 ** 60), (2 ** 60).toLocaleString('vi-VN'));
});
