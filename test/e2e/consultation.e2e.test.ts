import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { vnToday } from '../../src/documents/consultation.js';
import { launchBrowser, openPage, runAxe, signInWithForm } from '../support/browser.js';
import { runCli } from '../support/cli.js';
import { startServerProcess, type RunningServer } from '../support/server.js';

const ADMIN = { email: 'bientap@example.vn', password: 'mật khẩu quản trị đủ dài' };
// The comment form refuses posts made faster than a person types.
const HUMAN_PAUSE_MS = 3200;

describe('a draft open for góp ý in Chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'toasoan-e2e-consultation-'));
    const env = {
      DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`,
      DEMO_CONTENT: '1',
      NODE_ENV: 'test',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
    };
    server = await startServerProcess(env);
    const added = await runCli(
      ['user', 'add', '--email', ADMIN.email, '--role', 'editor', '--name', 'Ban biên tập', '--password-stdin'],
      env,
      `${ADMIN.password}\n`,
    );
    assert.equal(added.code, 0, added.stderr);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(javaScriptEnabled = true) {
    const opened = await openPage(browser, { javaScriptEnabled });
    contexts.push(opened.context);
    return opened;
  }

  async function noViolations(page: Page, label: string) {
    const violations = await runAxe(page);
    assert.deepEqual(violations, [], `${label}: ${JSON.stringify(violations, null, 1)}`);
  }

  test('the demo’s draft takes a góp ý before its closing day and refuses one after', async () => {
    const guest = await open();
    await guest.page.goto(`${server.url}/`);
    await guest.page.locator('#kb-open-consultations + ul a').first().click();
    await guest.page.getByRole('heading', { name: /25\/2026\/QĐ-UBND/ }).waitFor();
    const draftUrl = guest.page.url();
    await guest.page.goto(`${server.url}/van-ban/du-thao`);
    await noViolations(guest.page, '/van-ban/du-thao');
    assert.match(
      await guest.page.locator('.document-table').innerText(),
      /25\/2026\/QĐ-UBND[\s\S]*Đến hết \d\d\/\d\d\/\d{4}/,
    );
    await guest.page.getByRole('link', { name: '25/2026/QĐ-UBND' }).click();
    await guest.page.getByRole('heading', { name: 'Gửi góp ý của bạn' }).waitFor();
    await noViolations(guest.page, 'a consultation page');

    await guest.page.waitForTimeout(HUMAN_PAUSE_MS);
    await guest.page.getByLabel('Họ tên').fill('Nguyễn Văn Dân');
    await guest.page.getByLabel('Email (không hiển thị)').fill('dan@example.vn');
    await guest.page.getByLabel('Nội dung').fill('Đề nghị quy định rõ thời hạn cập nhật thông tin trên cổng.');
    await guest.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await guest.page.getByText('Ý kiến của bạn đang chờ duyệt').waitFor();
    await noViolations(guest.page, 'góp ý received');

    // A second reader opens the form while the consultation runs, and sends it only after it has ended.
    const late = await open();
    await late.page.goto(draftUrl);
    await late.page.getByLabel('Họ tên').fill('Trần Thị Muộn');
    await late.page.getByLabel('Email (không hiển thị)').fill('muon@example.vn');
    await late.page.getByLabel('Nội dung').fill('Góp ý này gửi khi đã hết hạn lấy ý kiến.');

    const editor = await open();
    await signInWithForm(editor.page, server.url, ADMIN);
    await editor.page.goto(`${server.url}/quan-tri/y-kien`);
    assert.match(
      await editor.page.locator('.queue-item', { hasText: 'Nguyễn Văn Dân' }).innerText(),
      /Góp ý dự thảo: 25\/2026\/QĐ-UBND/,
    );
    await editor.page.goto(`${server.url}/quan-tri/van-ban`);
    await editor.page.getByRole('link', { name: '25/2026/QĐ-UBND' }).click();
    const yesterday = new Date(`${vnToday(new Date())}T00:00:00Z`);
    yesterday.setUTCDate(yesterday.getUTCDate() - 1);
    const closed = yesterday.toISOString().slice(0, 10);
    await editor.page.getByLabel('Hạn cuối lấy ý kiến').fill(closed);
    await editor.page.getByRole('button', { name: 'Lưu thời gian lấy ý kiến' }).click();
    await editor.page.getByText('Đã lưu thời gian lấy ý kiến.').waitFor();

    const shown = closed.split('-').reverse().join('/');
    // As for the first reader: a form sent quicker than a person writes is refused as too fast, whatever the date.
    await late.page.waitForTimeout(HUMAN_PAUSE_MS);
    const [response] = await Promise.all([
      late.page.waitForResponse((r) => r.url().endsWith('/y-kien') && r.request().method() === 'POST'),
      late.page.getByRole('button', { name: 'Gửi ý kiến' }).click(),
    ]);
    assert.equal(response.status(), 400);
    await late.page.getByText(`Đã hết thời gian lấy ý kiến (hạn cuối ${shown}).`).waitFor();

    await late.page.goto(draftUrl);
    await late.page.getByText(`Đã hết thời gian lấy ý kiến (hạn cuối ${shown}).`).waitFor();
    assert.equal(await late.page.locator('#gui-y-kien').count(), 0, 'the form is gone');
    await noViolations(late.page, 'an ended consultation page');
    for (const p of [guest, editor]) assert.deepEqual(p.errors, []);
    // Chromium logs the refusal's status; nothing else may go wrong.
    assert.deepEqual(late.errors, ['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });

  test('the list of consultations works without JavaScript', async () => {
    const guest = await open(false);
    await guest.page.goto(`${server.url}/van-ban`);
    await guest.page.getByRole('link', { name: 'Xem các dự thảo lấy ý kiến' }).click();
    await guest.page.getByRole('link', { name: 'Đã hết hạn lấy ý kiến' }).click();
    await guest.page.getByRole('heading', { name: 'Dự thảo đã hết hạn lấy ý kiến' }).waitFor();
    assert.match(await guest.page.locator('main').innerText(), /25\/2026\/QĐ-UBND/);
  });
});
