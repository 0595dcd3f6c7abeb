import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import { dayText } from './consultation.js';
import type { ConsultationListRow, ConsultationRow } from './consultations.repo.js';
import type { DocumentFileRow } from './documents.repo.js';

const c = messages.consultations;

export const CONSULTATIONS_PATH = '/van-ban/du-thao';
export const ENDED_PATH = '/van-ban/du-thao/da-het-han';

/** "Từ … đến hết …" or "Đến hết …". */
export function periodText(x: Pick<ConsultationRow, 'opens_on' | 'closes_on'>): string {
  return x.opens_on ? c.from(dayText(x.opens_on), dayText(x.closes_on)) : c.until(dayText(x.closes_on));
}

/** /van-ban/du-thao and its ended twin: plain links and a table, nothing that needs a script. */
export function consultationListPage(input: {
  which: 'open' | 'ended';
  rows: readonly ConsultationListRow[];
  page: number;
  more: boolean;
  urlOf: (row: { slug: string }) => string;
}): SafeHtml {
  const path = input.which === 'open' ? CONSULTATIONS_PATH : ENDED_PATH;
  const tab = (which: 'open' | 'ended', label: string, href: string) =>
    which === input.which
      ? html`<li><span aria-current="page">${label}</span></li>`
      : html`<li><a href="${href}">${label}</a></li>`;
  const pageHref = (p: number) => (p === 1 ? path : `${path}?trang=${p}`);
  return html`<nav class="breadcrumb" aria-label="${messages.breadcrumb}"><ol><li><a href="/">${messages.home}</a></li><li><a href="/van-ban">${messages.documents.title}</a></li></ol></nav>
<h1 class="page-title">${input.which === 'open' ? c.title : c.endedTitle}</h1>
<p>${c.intro}</p>
<nav class="tabs" aria-label="${c.title}"><ul>${tab('open', c.openTab, CONSULTATIONS_PATH)}${tab('ended', c.endedTab, ENDED_PATH)}</ul></nav>
${
  input.rows.length
    ? html`<table class="document-table">
<thead><tr><th scope="col">${messages.documents.code}</th><th scope="col">${messages.documents.summary}</th><th scope="col">${c.period}</th></tr></thead>
<tbody>${input.rows.map(
        (r) =>
          html`<tr><td><a href="${input.urlOf(r)}">${r.code}</a><br><small>${r.type_name}</small></td><td>${r.summary}<br><small>${r.issuer}</small></td><td>${periodText(r)}</td></tr>`,
      )}</tbody></table>`
    : html`<p>${input.which === 'open' ? c.none : c.noneEnded}</p>`
}
${paginationNav(input.page, input.more ? input.page + 1 : input.page, pageHref)}}`;
}

/** On the document's page: the consultation's days, the published report, then the góp ý (given). */
export function consultationSection(input: {
  consultation: ConsultationRow;
  report: string;
  reportFile?: DocumentFileRow;
  fileHref: (file: DocumentFileRow) => string;
  comments: SafeHtml;
}): SafeHtml {
  const { consultation } = input;
  return html`<section class="consultation" aria-labelledby="vb-lay-y-kien">
<h2 id="vb-lay-y-kien">${c.title}</h2>
<p class="consultation-period"><strong>${c.period}:</strong> ${periodText(consultation)}</p>
${
  input.report || input.reportFile
    ? html`<section class="consultation-report" aria-labelledby="vb-bao-cao"><h3 id="vb-bao-cao">${c.report}</h3>
${input.report.split(/\n{2,}/).map((p) => html`<p>${p}</p>`)}
${input.reportFile ? html`<p>${c.reportFile}: <a href="${input.fileHref(input.reportFile)}" download="${input.reportFile.original_name}">${input.reportFile.original_name}</a></p>` : ''}
</section>`
    : ''
}
</section>
${input.comments}`;
}

/** The back office's part of a draft's edit page: its consultation days, then the report on its góp ý. */
export function consultationAdmin(input: {
  documentId: number;
  consultation: ConsultationRow | undefined;
  csrf: SafeHtml;
  values?: Record<string, string>;
  error?: string;
}): SafeHtml {
  const a = c.admin;
  const k = input.consultation;
  const v = (name: string, fallback: string) => input.values?.[name] ?? fallback;
  const base = `/quan-tri/van-ban/${input.documentId}`;
  return html`<section class="consultation-admin" aria-labelledby="lay-y-kien">
<h2 id="lay-y-kien">${a.title}</h2>
${formMessage(input.error)}
<p>${a.intro}</p>
<form method="post" action="${base}/lay-y-kien">${input.csrf}
<p class="field"><label for="lyk-opensOn">${c.opensOn}</label><input id="lyk-opensOn" name="opensOn" type="date" value="${v('opensOn', k?.opens_on ?? '')}" aria-describedby="lyk-opensOn-goi-y"><small id="lyk-opensOn-goi-y" class="hint">${a.opensHint}</small></p>
<p class="field"><label for="lyk-closesOn">${c.closesOn}</label><input id="lyk-closesOn" name="closesOn" type="date" required value="${v('closesOn', k?.closes_on ?? '')}"></p>
<p><button type="submit" class="button primary">${a.save}</button></p>
</form>
${
  k
    ? html`<p>${a.comments(k.comment_count)} · <a href="/quan-tri/y-kien?van-ban=${input.documentId}">${a.queue}</a></p>
<form method="post" action="${base}/bao-cao-tiep-thu" enctype="multipart/form-data">${input.csrf}
<p class="field"><label for="lyk-report">${c.report}</label><textarea id="lyk-report" name="report" rows="8" maxlength="50000" aria-describedby="lyk-report-goi-y">${v('report', k.report)}</textarea><small id="lyk-report-goi-y" class="hint">${a.reportHint}</small></p>
<p class="field"><label for="lyk-file">${c.reportFile}</label><input id="lyk-file" name="file" type="file" accept=".pdf,.doc,.docx,.xlsx,.odt" aria-describedby="lyk-file-goi-y"><small id="lyk-file-goi-y" class="hint">${a.reportFileHint}</small></p>
<p class="field checkbox"><input type="checkbox" id="lyk-publish" name="publish" value="1"${(input.values?.report !== undefined ? input.values.publish === '1' : k.report_published_at !== null) ? html` checked` : ''}><label for="lyk-publish">${a.reportPublish}</label></p>
${k.report_published_at ? html`<p>${a.published(formatVnDateTime(k.report_published_at))}</p>` : ''}
<p><button type="submit" class="button">${a.reportSave}</button></p>
</form>`
    : ''
}
</section>`;
}
