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
  assert.throws(
    () => loadConfig({ SMTP_URL: 'mail.example.vn' }),
    (err: Error) => err instanceof ConfigError && /^Invalid SMTP_URL/.test(err.message),
  );
});

test('production refuses to start without SITE_URL, with one line that names it', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production' }),
    (err: Error) =>
      err instanceof ConfigError &&
      /^Missing SITE_URL: required with NODE_ENV=production/.test(err.message) &&
      !err.message.includes('\n'),
  );
  assert.equal(
    loadConfig({ NODE_ENV: 'production', SITE_URL: 'https://tin.example.vn/' }).site.url,
    'https://tin.example.vn',
  );
  assert.equal(loadConfig({}).site.url, undefined, 'development may go without');
});

test('TRUST_PROXY: off by default; true, a hop count, or addresses and CIDRs; anything else names it', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,loopback' }).trustProxy, [
    '10.0.0.1',
    '172.16.0.0/12',
    '::1',
    'loopback',
  ]);
  for (const bad of ['0', 'proxy.example.vn', '10.0.0.1/33', '10.0.0.1,', '300.1.1.1']) {
    assert.throws(
      () => loadConfig({ TRUST_PROXY: bad }),
      (err: Error) => err instanceof ConfigError && /^Invalid TRUST_PROXY: /.test(err.message),
      bad,
    );
  }
});

test('ALLOWED_HOSTS: a comma list of host names, lower-cased; a URL in it names the variable', () => {
  assert.deepEqual(loadConfig({ ALLOWED_HOSTS: 'WWW.tin.example.vn, tin.example.vn:8080' }).allowedHosts, [
    'www.tin.example.vn',
    'tin.example.vn:8080',
  ]);
  assert.throws(
    () => loadConfig({ ALLOWED_HOSTS: 'https://tin.example.vn' }),
    /Invalid ALLOWED_HOSTS: expected host names/,
  );
});

test('METRICS on by default; METRICS_ALLOW: loopback by default, addresses and CIDRs; METRICS_TOKEN long enough; SHUTDOWN_TIMEOUT_SECONDS', () => {
  assert.deepEqual(loadConfig({}).metrics, { enabled: true, allow: ['127.0.0.0/8', '::1'], token: undefined });
  assert.equal(loadConfig({ METRICS: '0' }).metrics.enabled, false);
  assert.throws(() => loadConfig({ METRICS: 'off' }), /Invalid METRICS/);
  assert.deepEqual(loadConfig({ METRICS_ALLOW: '10.0.0.0/8, 192.0.2.7' }).metrics.allow, ['10.0.0.0/8', '192.0.2.7']);
  assert.throws(() => loadConfig({ METRICS_ALLOW: '10.0.0.0/40' }), /Invalid METRICS_ALLOW: expected addresses\/CIDRs/);
  assert.throws(() => loadConfig({ METRICS_ALLOW: 'prometheus.internal' }), /Invalid METRICS_ALLOW/);
  assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /Invalid METRICS_TOKEN/);
  assert.equal(loadConfig({}).shutdownTimeoutMs, 10_000);
  assert.equal(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '30' }).shutdownTimeoutMs, 30_000);
  assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '-1' }), /Invalid SHUTDOWN_TIMEOUT_SECONDS/);
});

test('CORS_ORIGINS: off by default, exact origins only; WEBHOOK_ALLOW_PRIVATE off by default', () => {
  assert.deepEqual(loadConfig({}).corsOrigins, []);
  assert.deepEqual(loadConfig({ CORS_ORIGINS: 'https://App.example.vn, http://localhost:5173' }).corsOrigins, [
    'https://app.example.vn',
    'http://localhost:5173',
  ]);
  for (const bad of ['*', 'https://app.example.vn/', 'app.example.vn', 'ftp://app.example.vn']) {
    assert.throws(() => loadConfig({ CORS_ORIGINS: bad }), /Invalid CORS_ORIGINS: expected origins/, bad);
  }
  assert.equal(loadConfig({}).webhookAllowPrivate, false);
  assert.equal(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '1' }).webhookAllowPrivate, true);
});
