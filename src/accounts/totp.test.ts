import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, base32Encode, hotp, totpAt, verifyTotp } from './totp.js';

// The test vectors of RFC 4226 appendix D and RFC 6238 appendix B (SHA-1).
const RFC_SECRET = Buffer.from('12345678901234567890');

test('HOTP matches RFC 4226', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  expected.forEach((code, counter) => assert.equal(hotp(RFC_SECRET, counter), code));
});

test('TOTP matches RFC 6238 (last six digits of its eight)', () => {
  const secret = base32Encode(RFC_SECRET);
  const cases: [number, string][] = [
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ];
  for (const [seconds, code] of cases) assert.equal(totpAt(secret, new Date(seconds * 1000)), code, String(seconds));
});

test('a code is accepted one step either side and refused beyond', () => {
  const secret = base32Encode(RFC_SECRET);
  const at = new Date(1111111111 * 1000);
  const code = totpAt(secret, at);
  assert.equal(verifyTotp(secret, code, new Date(at.getTime() + 30_000)), true);
  assert.equal(verifyTotp(secret, code, new Date(at.getTime() + 90_000)), false);
  assert.equal(verifyTotp(secret, '12345', at), false);
});

test('base32 round-trips', () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255]);
  assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
});
