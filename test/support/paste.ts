import type { Page } from 'playwright-core';

/** Pastes HTML into the article editor as the clipboard would hand it over (with a plain-text copy). */
export async function pasteHtml(page: Page, html: string): Promise<void> {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/html', pasted);
    data.setData('text/plain', 'dán');
    document
      .querySelector('.ProseMirror')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}
