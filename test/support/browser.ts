import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, never a downloaded one. A missing browser fails the run rather than skipping it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's "chromium" package (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core for WCAG 2.1 A/AA; needs a context created with bypassCSP so the script can be injected. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
}

export function seriousViolations(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A fresh context and page that collect page errors and console errors, so a
 * test can assert there were none. bypassCSP is only there so axe-core can be
 * injected; the site itself still sends its strict CSP.
 */
export async function openPage(
  browser: Browser,
  opts: { width?: number; javaScriptEnabled?: boolean; userAgent?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 900 },
    bypassCSP: true,
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    locale: 'vi-VN',
    // Headless Chromium names itself in its user agent, which the visitor statistics take for a bot.
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}

/**
 * Signs in through the real form, as a person does. `next` is the page asked for
 * (`?tiep=`); `landsOn` is where the browser must arrive, by default anywhere but
 * the sign-in pages.
 */
export async function signInWithForm(
  page: Page,
  base: string,
  account: { email: string; password: string },
  opts: { next?: string; landsOn?: string | RegExp } = {},
): Promise<void> {
  await page.goto(`${base}/dang-nhap${opts.next ? `?tiep=${opts.next}` : ''}`);
  await page.getByLabel('Địa chỉ email').fill(account.email);
  await page.getByLabel('Mật khẩu').fill(account.password);
  await Promise.all([
    page.waitForURL(opts.landsOn ?? ((u) => !u.pathname.startsWith('/dang-nhap'))),
    page.getByRole('button', { name: 'Đăng nhập' }).click(),
  ]);
}

/**
 * A page in a context of its own, `width` px wide, signed in through the form and landed in the newsroom
 * (`/quan-tri`): what the back-office browser tests start from. A script error on it fails the test.
 * Close it with `page.context().close()`.
 */
export async function signedInPage(
  browser: Browser,
  base: string,
  width: number,
  account: { email: string; password: string },
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => assert.fail(`script error: ${err.message}`));
  await signInWithForm(page, base, account, { landsOn: `${base}/quan-tri` });
  return page;
}

/** No sideways scroll and no axe violations on the page as it is now. */
export async function assertFitsAndClean(page: Page, width: number, label: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${label}: ${scrollWidth} px wide`);
  const violations = await runAxe(page);
  assert.deepEqual(
    violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`),
    [],
    label,
  );
}
