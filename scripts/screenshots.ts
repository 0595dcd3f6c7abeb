#!/usr/bin/env node
// Screenshots of the newsroom for the README: the dashboard, the article editor, the article list and the audit
// log, at 1280 and 390 px, into docs/screenshots/. Starts the app on a temporary SQLite site with the demo content,
// gives it a day's work (an article sent, returned with a note, fixed, published) so the pages are not empty,
// and signs in as an editor-in-chief in Debian's Chromium.
//
//   node --import tsx scripts/screenshots.ts        (CHROMIUM_PATH to use another Chromium)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { createUser } from '../src/accounts/accounts.service.js';
import type { Actor, Role } from '../src/accounts/roles.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedDemoContent } from '../src/demo/seed-demo.js';
import { ensureDocumentTypes } from '../src/documents/documents.service.js';
import {
  createArticle,
  publishArticle,
  returnArticle,
  submitArticle,
  updateArticle,
} from '../src/newsroom/newsroom.service.js';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const WIDTHS = [1280, 390] as const;
const PASSWORD = 'Ảnh chụp màn hình cho README, mật khẩu dài';
const EDITOR = { email: 'tongbientap@example.vn', name: 'Nguyễn Thu Hà', role: 'admin' as Role };

const dir = mkdtempSync(path.join(tmpdir(), 'toasoan-screenshots-'));
const config = loadConfig({
  DATABASE_URL: `sqlite:${path.join(dir, 'site.db')}`,
  DATA_DIR: dir,
  LOG_LEVEL: 'warn',
  DEMO_CONTENT: '1',
  SITE_NAME: 'Sở Khoa học và Công nghệ',
});
const db = createDb(config.databaseUrl);
await migrateToLatest(db);
await ensureDocumentTypes({ db });
const { app, site } = await buildApp({ config, db, logger: false });
const demo = await seedDemoContent(site);
await demo.pictures();

async function person(email: string, name: string, role: Role): Promise<Actor> {
  const deps = {
    db: db.kysely,
    now: site.now,
    hashing: config.passwordHashing,
    log: app.log,
    mailer: { send: async () => undefined },
    siteUrl: 'http://127.0.0.1',
  };
  const { id } = await createUser(deps, { email, displayName: name, role, password: PASSWORD });
  return { id, role, displayName: name };
}

// A day's work, through the same services the pages use, so the audit log and the history have something to say.
const chief = await person(EDITOR.email, EDITOR.name, EDITOR.role);
const reporter = await person('phongvien@example.vn', 'Lê Minh Tuấn', 'author');
const categoryId = (await site.categories()).roots[0]!.id;
const content = (bodyHtml: string) => ({
  title: 'Hội thảo ứng dụng trí tuệ nhân tạo trong nông nghiệp',
  sapo: 'Các nhà khoa học và doanh nghiệp chia sẻ kinh nghiệm đưa trí tuệ nhân tạo vào đồng ruộng.',
  bodyHtml,
  byline: 'Minh Tuấn',
  categoryId,
  tags: ['trí tuệ nhân tạo', 'nông nghiệp'],
  allowComments: true,
});
let article = await createArticle(site.deps, reporter, content('<p>Sáng nay, hội thảo khai mạc tại Hà Nội.</p>'));
article = await submitArticle(site.deps, reporter, article.id, { version: article.version });
article = await returnArticle(site.deps, chief, article.id, {
  version: article.version,
  note: 'Bổ sung số liệu và ý kiến của nông dân.',
});
article = await updateArticle(site.deps, reporter, article.id, {
  ...content(
    '<p>Sáng nay, hội thảo khai mạc tại Hà Nội với hơn 200 đại biểu.</p><h2>Kết quả bước đầu</h2><p>Năng suất lúa tăng <strong>12%</strong> ở các mô hình thử nghiệm.</p>',
  ),
  version: article.version,
});
article = await submitArticle(site.deps, reporter, article.id, { version: article.version });
const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
await publishArticle(site.deps, chief, article.id, { version: article.version, at: tomorrow });

const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const SHOTS: [string, string][] = [
  ['dashboard', '/quan-tri'],
  ['editor', `/quan-tri/bai-viet/${article.id}`],
  ['article-list', '/quan-tri/bai-viet'],
  ['audit-log', '/quan-tri/nhat-ky'],
];

mkdirSync(OUT, { recursive: true });
try {
  for (const width of WIDTHS) {
    const context = await browser.newContext({
      viewport: { width, height: width === 390 ? 844 : 800 },
      locale: 'vi-VN',
    });
    const page: Page = await context.newPage();
    await page.goto(`${base}/dang-nhap`);
    await page.fill('#f-email', EDITOR.email);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/quan-tri`), page.locator('main form button[type=submit]').click()]);
    for (const [name, url] of SHOTS) {
      await page.goto(base + url, { waitUntil: 'networkidle' });
      const file = path.join(OUT, `${name}-${width}.png`);
      // The first screen only (what a person sees on opening the page), in 256 colours: a third of the bytes,
      // and text stays sharp.
      await sharp(await page.screenshot())
        .png({ palette: true, compressionLevel: 9 })
        .toFile(file);
      console.log(path.relative(process.cwd(), file));
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}
