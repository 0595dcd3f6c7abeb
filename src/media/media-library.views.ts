import { messages } from '../messages/vi.js';
import { bulkBar, rowBox } from '../newsroom/bulk-actions.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import { figureHtml, mediaUrl } from './media-urls.js';
import { MEDIA_KIND_OF_SLUG, type MediaListing } from './media.service.js';
import { UPLOAD_FIELD } from './upload-form.js';

const p = messages.newsroom.pages;
const l = messages.lists;
const LIBRARY = '/quan-tri/thu-vien';

function href(query: MediaListing['query'], page: number): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.loai) params.set('loai', query.loai);
  if (page > 1) params.set('trang', String(page));
  const qs = params.toString();
  return qs ? `${LIBRARY}?${qs}` : LIBRARY;
}

/** The library: a plain multipart form (no script needed), then the files, searched, filtered and paged. */
export function mediaLibraryPage(
  list: MediaListing,
  maxMb: number,
  csrf: SafeHtml,
  opts: { error?: string; back: string; canDelete: boolean },
): SafeHtml {
  const { query } = list;
  const item = (m: MediaListing['rows'][number]) =>
    m.kind === 'image'
      ? figureHtml(m, m.original_name)
      : html`<a href="${mediaUrl(m)}">${m.original_name}</a> (${m.ext.toUpperCase()}, ${Math.ceil(m.bytes / 1024)} KB)`;
  const grid = html`<ul class="media-grid">
${list.rows.map((m) => html`<li>${opts.canDelete ? html`<p class="media-pick">${rowBox(m.id, m.original_name)}</p>` : ''}${item(m)}</li>`)}
</ul>`;
  return html`<h1 class="page-title">${p.media} <small>${l.mediaFound(list.total)}</small></h1>
${opts.error ? html`<p class="form-error" role="alert">${opts.error}</p>` : ''}
<form class="upload-box" method="post" action="${LIBRARY}" enctype="multipart/form-data">
  ${csrf}
  <p class="field"><label for="tep">${p.file}</label>
  <input type="file" id="tep" name="${UPLOAD_FIELD}" required accept="image/jpeg,image/png,image/webp,image/gif,application/pdf,.docx,.xlsx" aria-describedby="tep-goi-y">
  <small id="tep-goi-y" class="hint">${p.uploadHint.replace('{mb}', String(maxMb))}</small></p>
  <p class="field"><label for="alt">${p.uploadAlt}</label><input id="alt" name="alt" maxlength="300"></p>
  <button type="submit" class="button primary">${p.upload}</button>
</form>
<form class="filter" method="get" action="${LIBRARY}">
  <label for="tim-tep">${l.mediaSearch}</label>
  <input type="search" id="tim-tep" name="q" maxlength="200" value="${query.q ?? ''}">
  <label for="loai-tep">${messages.trash.kind}</label>
  <select id="loai-tep" name="loai"><option value="">${l.allMediaKinds}</option>${Object.entries(
    MEDIA_KIND_OF_SLUG,
  ).map(
    ([slug, kind]) =>
      html`<option value="${slug}"${query.loai === slug ? html` selected` : ''}>${l.mediaKinds[kind]}</option>`,
  )}</select>
  <button type="submit" class="button">${l.search}</button>
</form>
${
  !list.rows.length
    ? html`<p>${l.noMedia}</p>`
    : opts.canDelete
      ? html`<form method="post" action="${LIBRARY}/hang-loat" class="bulk-form">${csrf}${bulkBar('thu-vien-thao-tac', [['trash', l.mediaDelete]], opts.back)}${grid}</form>`
      : grid
}
${paginationNav(list.page, list.totalPages, (n) => href(query, n))}`;
}
