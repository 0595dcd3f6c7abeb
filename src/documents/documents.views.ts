import { messages } from '../messages/vi.js';
import { formatVnDate } from '../vi/dates.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import type { DocumentFileRow, DocumentListRow, DocumentRow } from './documents.repo.js';
import type { DocumentStatus } from './documents.schema.js';
import { dayText } from './consultation.js';

const d = messages.documents;

export { dayText };

/** Statuses in a URL: Vietnamese without marks, kebab-case. */
export const STATUS_PARAM: Record<string, DocumentStatus> = {
  'con-hieu-luc': 'con_hieu_luc',
  'het-hieu-luc': 'het_hieu_luc',
  'du-thao': 'du_thao',
};
const paramOfStatus = (s: DocumentStatus) => s.replace(/_/g, '-');

export interface ListFilterValues {
  q: string;
  typeId?: number;
  issuer?: string;
  field?: string;
  year?: number;
  status?: DocumentStatus;
}

/** The list's address with these filters and page, in one canonical order (the cache's key). */
export function listHref(f: ListFilterValues, page = 1): string {
  const params = new URLSearchParams();
  if (f.q) params.set('q', f.q);
  if (f.typeId !== undefined) params.set('loai', String(f.typeId));
  if (f.issuer) params.set('co-quan', f.issuer);
  if (f.field) params.set('linh-vuc', f.field);
  if (f.year !== undefined) params.set('nam', String(f.year));
  if (f.status) params.set('tinh-trang', paramOfStatus(f.status));
  if (page > 1) params.set('trang', String(page));
  const qs = params.toString();
  return qs ? `/van-ban?${qs}` : '/van-ban';
}

function options<T extends string | number>(values: readonly T[], selected: T | undefined, label: (v: T) => string) {
  return values.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${label(v)}</option>`);
}

export function documentListPage(input: {
  filters: ListFilterValues;
  rows: readonly DocumentListRow[];
  total: number;
  page: number;
  totalPages: number;
  types: readonly { id: number; name: string }[];
  facets: { issuers: string[]; fields: string[]; years: number[] };
  urlOf: (row: DocumentListRow) => string;
}): SafeHtml {
  const f = input.filters;
  const statuses = Object.keys(d.statuses) as DocumentStatus[];
  return html`<h1 class="page-title">${d.listTitle}</h1>
<p><a href="/van-ban/du-thao">${messages.consultations.seeAll}</a></p>
<form class="document-filter" method="get" action="/van-ban" role="search">
<p class="field wide"><label for="vb-q">${d.search}</label><input id="vb-q" name="q" type="search" value="${f.q}" maxlength="200"></p>
<p class="field"><label for="vb-loai">${d.type}</label><select id="vb-loai" name="loai"><option value="">${d.allTypes}</option>${input.types.map(
    (t) => html`<option value="${t.id}"${t.id === f.typeId ? html` selected` : ''}>${t.name}</option>`,
  )}</select></p>
<p class="field"><label for="vb-co-quan">${d.issuer}</label><select id="vb-co-quan" name="co-quan"><option value="">${d.allIssuers}</option>${options(input.facets.issuers, f.issuer, (v) => v)}</select></p>
<p class="field"><label for="vb-linh-vuc">${d.field}</label><select id="vb-linh-vuc" name="linh-vuc"><option value="">${d.allFields}</option>${options(input.facets.fields, f.field, (v) => v)}</select></p>
<p class="field"><label for="vb-nam">${d.year}</label><select id="vb-nam" name="nam"><option value="">${d.allYears}</option>${options(input.facets.years, f.year, String)}</select></p>
<p class="field"><label for="vb-tinh-trang">${d.status}</label><select id="vb-tinh-trang" name="tinh-trang"><option value="">${d.allStatuses}</option>${statuses.map(
    (s) => html`<option value="${paramOfStatus(s)}"${s === f.status ? html` selected` : ''}>${d.statuses[s]}</option>`,
  )}</select></p>
<p class="field"><button type="submit" class="button primary">${d.apply}</button></p>
</form>
<p class="document-count" role="status">${d.found(input.total)}</p>
${
  input.rows.length
    ? html`<table class="document-table">
<thead><tr><th scope="col">${d.code}</th><th scope="col">${d.issuedOn}</th><th scope="col">${d.summary}</th><th scope="col">${d.status}</th></tr></thead>
<tbody>${input.rows.map(
        (r) =>
          html`<tr><td><a href="${input.urlOf(r)}">${r.code}</a><br><small>${r.type_name}</small></td><td>${dayText(r.issued_on)}</td><td>${r.summary}<br><small>${r.issuer}</small></td><td>${d.statuses[r.status]}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${d.noDocuments}</p>`
}
${paginationNav(input.page, input.totalPages, (p) => listHref(f, p))}`;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function documentPage(input: {
  doc: DocumentRow;
  files: readonly DocumentFileRow[];
  fileHref: (file: DocumentFileRow, inline?: boolean) => string;
  related: readonly DocumentListRow[];
  replacedBy?: DocumentRow;
  urlOf: (row: { slug: string }) => string;
  citing: readonly { title: string; url: string; published_at: string }[];
  /** A draft's consultation: its days, report and góp ý (consultation.views.ts). */
  consultation?: SafeHtml;
}): SafeHtml {
  const { doc } = input;
  const rows: [string, SafeHtml | string][] = [
    [d.code, doc.code],
    [d.type, doc.type_name],
    [d.issuer, doc.issuer],
    [d.issuedOn, dayText(doc.issued_on)],
    [d.effectiveOn, dayText(doc.effective_on)],
    [d.expiresOn, dayText(doc.expires_on)],
    [d.signer, doc.signer],
    [d.signerPosition, doc.signer_position],
    [d.field, doc.field],
    [d.status, d.statuses[doc.status]],
    [
      d.replacedBy,
      input.replacedBy ? html`<a href="${input.urlOf(input.replacedBy)}">${input.replacedBy.code}</a>` : '',
    ],
    [d.views, String(doc.views)],
    [d.downloads, String(doc.downloads)],
  ];
  const pdf = input.files.find((f) => f.ext === 'pdf');
  return html`<nav class="breadcrumb" aria-label="${messages.breadcrumb}"><ol><li><a href="/">${messages.home}</a></li><li><a href="/van-ban">${d.title}</a></li></ol></nav>
<article class="document">
<h1 class="page-title">${doc.type_name} ${doc.code}</h1>
<p class="document-summary">${doc.summary}</p>
<table class="document-fields"><tbody>${rows
    .filter(([, v]) => v !== '')
    .map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>
${
  input.files.length
    ? html`<section aria-labelledby="vb-tep"><h2 id="vb-tep">${d.files}</h2><ul class="document-files">${input.files.map(
        (f) =>
          html`<li><a href="${input.fileHref(f)}" download="${f.original_name}">${f.original_name}</a> <small>(${f.ext.toUpperCase()}, ${sizeText(f.bytes)})</small></li>`,
      )}</ul></section>`
    : ''
}
${pdf ? html`<section aria-labelledby="vb-xem"><h2 id="vb-xem">${d.preview}</h2><iframe class="document-preview" src="${input.fileHref(pdf, true)}" title="${pdf.original_name}"></iframe></section>` : ''}
${doc.full_text ? html`<section aria-labelledby="vb-toan-van"><h2 id="vb-toan-van">${d.fullText}</h2><div class="document-full-text">${doc.full_text.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}</div></section>` : ''}
${
  input.related.length
    ? html`<section aria-labelledby="vb-lien-quan"><h2 id="vb-lien-quan">${d.related}</h2><ul>${input.related.map(
        (r) => html`<li><a href="${input.urlOf(r)}">${r.type_name} ${r.code}</a>: ${r.summary}</li>`,
      )}</ul></section>`
    : ''
}
${
  input.citing.length
    ? html`<section aria-labelledby="vb-dan-chieu"><h2 id="vb-dan-chieu">${d.citedBy}</h2><ul class="document-citing">${input.citing.map(
        (a) =>
          html`<li><a href="${a.url}">${a.title}</a> <time datetime="${a.published_at}">${formatVnDate(a.published_at)}</time></li>`,
      )}</ul></section>`
    : ''
}
${input.consultation ?? ''}
</article>`;
}
