import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// A Permissions-Policy a browser does not understand is ignored with only a console
// message, so the real browser says whether ours is read and what it turns off.
describe('security headers in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  before(async () => {
    t = await createTestApp('sqlite');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  test('the Permissions-Policy parses without complaint and turns off camera, microphone, geolocation and payment', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const messages: string[] = [];
    page.on('console', (msg) => messages.push(`${msg.type()}: ${msg.text()}`));
    const res = await page.goto(`${base}/`);
    assert.equal(res?.status(), 200);
    const allowed = await page.evaluate(() => {
      const policy = (
        document as unknown as { featurePolicy: { allowsFeature(f: string): boolean; features(): string[] } }
      ).featurePolicy;
      const features = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'display-capture', 'fullscreen'];
      return Object.fromEntries(features.map((f) => [f, policy.allowsFeature(f)]));
    });
    assert.deepEqual(allowed, {
      camera: false,
      microphone: false,
      geolocation: false,
      payment: false,
      usb: false,
      'display-capture': false,
      fullscreen: true,
    });
    assert.deepEqual(
      messages.filter((m) => /permissions.policy|feature.policy/i.test(m)),
      [],
    );
    await context.close();
  });
});
