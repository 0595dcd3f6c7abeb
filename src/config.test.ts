import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('production hashes passwords with argon2id at OWASP’s floor or above', () => {
  assert.deepEqual(loadConfig({}).passwordHashing, { memoryCost: 19_456, timeCost: 2 });
  assert.throws(() => loadConfig({ ARGON2_MEMORY_KIB: '1024' }), ConfigError);
  assert.throws(() => loadConfig({ NODE_ENV: 'production', ARGON2_TIME_COST: '1' }), /only with NODE_ENV=test/);
  assert.equal(loadConfig({ NODE_ENV: 'test', ARGON2_MEMORY_KIB: '1024' }).passwordHashing.memoryCost, 1024);
});

test('a bad SMTP_URL stops start-up with one line that names it', () => {
  assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.vn' }), (err: Error) => err instanceof ConfigError && /^Invalid SMTP_URL/.test(err.message));
});
