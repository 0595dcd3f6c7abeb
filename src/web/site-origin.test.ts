import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config.js';
import { isProbePath, SiteOrigin } from './site-origin.js';

const production = (env: Record<string, string> = {}) =>
  new SiteOrigin(loadConfig({ NODE_ENV: 'production', SITE_URL: 'https://tin.example.vn/', ...env }));

test('with SITE_URL the origin is its origin, and listening somewhere else changes nothing', () => {
  const origin = production();
  assert.equal(origin.value, 'https://tin.example.vn');
  assert.equal(origin.https, true);
  origin.listening({ address: '127.0.0.1', family: 'IPv4', port: 3000 });
  assert.equal(origin.value, 'https://tin.example.vn');
  assert.equal(origin.acceptsOrigin('http://127.0.0.1:3000'), false);
});

test('production accepts SITE_URL’s host and ALLOWED_HOSTS, in any case and on any port, and nothing else', () => {
  const origin = production({ ALLOWED_HOSTS: 'www.tin.example.vn, 10.0.0.5' });
  for (const host of [
    'tin.example.vn',
    'TIN.example.VN',
    'tin.example.vn:443',
    'www.tin.example.vn',
    '10.0.0.5:3000',
  ]) {
    assert.equal(origin.acceptsHost(host), true, host);
  }
  for (const host of [
    undefined,
    '',
    'evil.example',
    'tin.example.vn.evil.example',
    'evil.tin.example.vn',
    'tin.example.vn.',
    '[::1]:443',
  ]) {
    assert.equal(origin.acceptsHost(host), false, String(host));
  }
});

test('outside production every Host is served (links still ignore it)', () => {
  assert.equal(new SiteOrigin(loadConfig({ SITE_URL: 'https://tin.example.vn' })).acceptsHost('evil.example'), true);
});

test('CSRF origins: SITE_URL’s and ALLOWED_HOSTS’ on its scheme, default ports folded; never a look-alike', () => {
  const origin = production({ ALLOWED_HOSTS: 'www.tin.example.vn' });
  for (const ok of [
    'https://tin.example.vn',
    'https://tin.example.vn:443',
    'https://www.tin.example.vn',
    'https://tin.example.vn/trang',
  ]) {
    assert.equal(origin.acceptsOrigin(ok), true, ok);
  }
  for (const bad of [
    'null',
    '',
    'http://tin.example.vn',
    'https://tin.example.vn:8443',
    'https://tin.example.vn.evil.example',
    'https://evil.example',
  ]) {
    assert.equal(origin.acceptsOrigin(bad), false, bad);
  }
});

test('without SITE_URL: http://localhost until the server listens, then the bound address; loopback names are one machine', () => {
  const origin = new SiteOrigin(loadConfig({ NODE_ENV: 'test' }));
  assert.equal(origin.value, 'http://localhost');
  assert.equal(origin.acceptsOrigin('http://localhost:80'), true);
  origin.listening({ address: '127.0.0.1', family: 'IPv4', port: 43210 });
  assert.equal(origin.value, 'http://127.0.0.1:43210');
  assert.equal(origin.acceptsOrigin('http://localhost:43210'), true);
  assert.equal(origin.acceptsOrigin('http://[::1]:43210'), true);
  assert.equal(origin.acceptsOrigin('http://localhost:43211'), false);
  assert.equal(origin.acceptsOrigin('http://localhost'), false);

  const wildcard = new SiteOrigin(loadConfig({}));
  wildcard.listening({ address: '::', family: 'IPv6', port: 3000 });
  assert.equal(wildcard.value, 'http://localhost:3000');

  const lan = new SiteOrigin(loadConfig({}));
  lan.listening({ address: '192.168.1.20', family: 'IPv4', port: 3000 });
  assert.equal(lan.value, 'http://192.168.1.20:3000');
  assert.equal(lan.acceptsOrigin('http://localhost:3000'), false);
});

test('probe paths are exempt with or without a query, and only those', () => {
  for (const url of ['/healthz', '/readyz', '/metrics', '/healthz?full=1']) assert.equal(isProbePath(url), true, url);
  for (const url of ['/', '/healthz/x', '/metricsx', '/tin-tuc/healthz']) assert.equal(isProbePath(url), false, url);
});
