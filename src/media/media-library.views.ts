import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { figureHtml, mediaUrl } from './media-urls.js';
import type { MediaRow } from './media.repo.js';
import { UPLOAD_FIELD } from './upload-form.js';

const p = messages.newsroom.pages;

/** The library: a plain multipart form (no script needed) over the newest files. */
export function mediaLibraryPage(
  items: readonly MediaRow[],
  maxMb: number,
  csrf: SafeHtml,
  message: { error?: string; notice?: string } = {},
): SafeHtml {
  return html`<h1 class="page-title">${p.media}</h1>
${message.error ? html`<p class="form-error" role="alert">${message.error}</p>` : ''}
${message.notice ? html`<p class="form-notice" role="status">${message.notice}</p>` : ''}
<form class="upload-box" method="post" action="/quan-tri/thu-vien" enctype="multipart/form-data">
  ${csrf}
  <p class="field"><label for="tep">${p.file}</label>
  <input type="file" id="tep" name="${UPLOAD_FIELD}" required accept="image/jpeg,image/png,image/webp,image/gif,application/pdf,.docx,.xlsx" aria-describedby="tep-goi-y">
  <small id="tep-goi-y" class="hint">${p.uploadHint.replace('{mb}', String(maxMb))}</small></p>
  <p class="field"><label for="alt">${p.uploadAlt}</label><input id="alt" name="alt" maxlength="300"></p>
  <button type="submit" class="button primary">${p.upload}</button>
</form>
<ul class="media-grid">
${items.map((m) =>
  m.kind === 'image'
    ? html`<li>${figureHtml(m, m.original_name)}</li>`
    : html`<li><a href="${mediaUrl(m)}">${m.original_name}</a> (${m.ext.toUpperCase()}, ${Math.ceil(m.bytes / 1024)} KB)</li>`,
)}
</ul>`;
}
