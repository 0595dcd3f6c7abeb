import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPassword, hashPassword, isCommonPassword, passwordMin } from './passwords.js';

const cheap = { memoryCost: 1024, timeCost: 1 };

test('hashes are argon2id with the configured cost and verify only the right password', async () => {
  const stored = await hashPassword(cheap, 'một mật khẩu dài');
  assert.match(stored, /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
  assert.equal(await checkPassword(cheap, stored, 'một mật khẩu dài'), true);
  assert.equal(await checkPassword(cheap, stored, 'một mật khẩu dai'), false);
  assert.equal(await checkPassword(cheap, null, 'bất kỳ'), false, 'no account: still false, after a real hash');
  assert.equal(await checkPassword(cheap, 'not-a-hash', 'x'), false);
});

test('the 10,000 most common passwords are refused, whatever their case', () => {
  for (const p of ['123456', 'password', 'Qwerty', 'dragon', 'iloveyou']) assert.equal(isCommonPassword(p), true, p);
  assert.equal(isCommonPassword('Hà Nội mùa thu 1945'), false);
});

test('staff need 12 characters, readers 8', () => {
  assert.equal(passwordMin('reader'), 8);
  assert.equal(passwordMin('author'), 12);
  assert.equal(passwordMin('admin'), 12);
});
