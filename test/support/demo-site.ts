import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openPage } from './browser.js';
import { runCli } from './cli.js';
import { startServerProcess, type RunningServer } from './server.js';

const FIXTURE = fileURLToPath(new URL('../../../shared/fixtures/seed-article.txt', import.meta.url));

export interface DemoSite {
  dir: string;
  server: RunningServer;
  browser: Browser;
  /** The fixture article's absolute URL. */
  articleUrl: string;
  /** A fresh page in its own context, closed with the site. */
  open(opts?: {
    width?: number;
    javaScriptEnabled?: boolean;
  }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** The real server on SQLite with the demo content and the fixture article imported, and Chromium: for page tests. */
export async function startDemoSite(name: string): Promise<DemoSite> {
  const dir = mkdtempSync(path.join(tmpdir(), `toasoan-${name}-`));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`, DEMO_CONTENT: '1' };
  const server = await startServerProcess(env);
  const imported = await runCli(['import', FIXTURE, '--category', 'tin-tuc-su-kien', '--json'], env);
  assert.equal(imported.code, 0, imported.stderr);
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    dir,
    server,
    browser,
    articleUrl: server.url + (JSON.parse(imported.stdout) as { url: string }).url,
    async open(opts = {}) {
      const opened = await openPage(browser, opts);
      contexts.push(opened.context);
      return opened;
    },
    async close() {
      for (const c of contexts) await c.close();
      await browser.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
