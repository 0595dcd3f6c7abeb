import type { Actor } from '../accounts/roles.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { formMessage } from '../web/forms.js';
import type { DocumentFileRow, DocumentListRow, DocumentRow } from './documents.repo.js';
import { DOCUMENT_STATUSES } from './documents.schema.js';
import { dayText } from './documents.views.js';

const d = messages.documents;
const ROLE_NAMES = Object.keys(d.roles) as (keyof typeof d.roles)[];

export function documentAdminList(input: {
  rows: readonly (DocumentListRow & { updated_at: string })[];
  types: readonly { id: number; name: string }[];
  actor: Actor;
  csrf: SafeHtml;
  message?: { error?: string };
}): SafeHtml {
  return html`<h1 class="page-title">${d.adminTitle}</h1>
${formMessage(input.message?.error)}
<p><a class="button primary" href="/quan-tri/van-ban/moi">${d.newDocument}</a></p>
<table class="staff-table"><thead><tr><th scope="col">${d.code}</th><th scope="col">${d.type}</th><th scope="col">${d.issuedOn}</th><th scope="col">${d.summary}</th><th scope="col">${d.state}</th></tr></thead>
<tbody>${input.rows.map(
    (r) =>
      html`<tr><td><a href="/quan-tri/van-ban/${r.id}">${r.code}</a></td><td>${r.type_name}</td><td>${dayText(r.issued_on)}</td><td>${r.summary}</td><td>${d.states[r.state]}</td></tr>`,
  )}</tbody></table>
<h2>${d.types}</h2>
<ul>${input.types.map((t) => html`<li>${t.name}</li>`)}</ul>
${
  hasRoleAtLeast(input.actor, 'admin')
    ? html`<form method="post" action="/quan-tri/van-ban/loai">${input.csrf}<p class="field"><label for="vb-loai-moi">${d.typeName}</label><input id="vb-loai-moi" name="name" required maxlength="100"></p><button type="submit" class="button">${d.addType}</button></form>`
    : ''
}`;
}

/** Form values as typed, so a refused form comes back as it was sent. */
export type DocumentFormValues = Record<string, string | string[] | undefined>;

export function valuesOf(
  doc: DocumentRow,
  extra: { relatedCodes: string[]; replacedByCode: string },
): DocumentFormValues {
  return {
    code: doc.code,
    typeId: String(doc.type_id),
    issuer: doc.issuer,
    signer: doc.signer,
    signerPosition: doc.signer_position,
    issuedOn: doc.issued_on,
    effectiveOn: doc.effective_on ?? '',
    expiresOn: doc.expires_on ?? '',
    replacedBy: extra.replacedByCode,
    summary: doc.summary,
    field: doc.field,
    status: doc.status,
    fullText: doc.full_text,
    related: extra.relatedCodes.join('; '),
    visibleRoles: doc.visible_roles.split(',').filter(Boolean),
  };
}

export function documentForm(input: {
  action: string;
  doc: DocumentRow | null;
  values: DocumentFormValues;
  files: readonly DocumentFileRow[];
  types: readonly { id: number; name: string }[];
  actor: Actor;
  csrf: SafeHtml;
  error?: string;
}): SafeHtml {
  const v = (k: string) => {
    const x = input.values[k];
    return typeof x === 'string' ? x : '';
  };
  const roles = ([] as string[]).concat(input.values.visibleRoles ?? []);
  const text = (
    name: string,
    label: string,
    opts: { required?: boolean; max?: number; hint?: string; type?: string } = {},
  ) =>
    html`<p class="field"><label for="vb-${name}">${label}</label><input id="vb-${name}" name="${name}" type="${opts.type ?? 'text'}" value="${v(name)}"${opts.required ? html` required` : ''}${opts.max ? html` maxlength="${opts.max}"` : ''}${opts.hint ? html` aria-describedby="vb-${name}-goi-y"` : ''}>${opts.hint ? html`<small id="vb-${name}-goi-y" class="hint">${opts.hint}</small>` : ''}</p>`;
  const editor = hasRoleAtLeast(input.actor, 'editor');
  const published = input.doc?.state === 'published';
  return html`<h1 class="page-title">${input.doc ? d.editDocument : d.newDocument}</h1>
${formMessage(input.error)}
${published && input.doc ? html`<p><a href="/van-ban/${input.doc.slug}">${d.view}</a></p>` : ''}
<form method="post" action="${input.action}" enctype="multipart/form-data" class="document-form">
${input.csrf}
${text('code', d.code, { required: true, max: 100, hint: d.codeHint })}
<p class="field"><label for="vb-typeId">${d.type}</label><select id="vb-typeId" name="typeId">${input.types.map(
    (t) => html`<option value="${t.id}"${String(t.id) === v('typeId') ? html` selected` : ''}>${t.name}</option>`,
  )}</select></p>
${text('issuer', d.issuer, { required: true, max: 300 })}
${text('signer', d.signer, { max: 200 })}
${text('signerPosition', d.signerPosition, { max: 200 })}
${text('issuedOn', d.issuedOn, { required: true, type: 'date' })}
${text('effectiveOn', d.effectiveOn, { type: 'date' })}
${text('expiresOn', d.expiresOn, { type: 'date' })}
${text('replacedBy', d.replacedBy, { max: 100, hint: d.replacedByHint })}
<p class="field"><label for="vb-summary">${d.summary}</label><textarea id="vb-summary" name="summary" rows="3" required maxlength="5000">${v('summary')}</textarea></p>
${text('field', d.field, { max: 200 })}
<p class="field"><label for="vb-status">${d.status}</label><select id="vb-status" name="status">${DOCUMENT_STATUSES.map(
    (s) => html`<option value="${s}"${s === v('status') ? html` selected` : ''}>${d.statuses[s]}</option>`,
  )}</select></p>
<p class="field"><label for="vb-fullText">${d.fullText}</label><textarea id="vb-fullText" name="fullText" rows="8">${v('fullText')}</textarea></p>
${text('related', d.related, { max: 2000, hint: d.relatedHint })}
<fieldset><legend>${d.visibleTo}</legend><small class="hint">${d.visibleToHint}</small>${ROLE_NAMES.map(
    (r) =>
      html`<p class="field checkbox"><input type="checkbox" id="vb-role-${r}" name="visibleRoles" value="${r}"${roles.includes(r) ? html` checked` : ''}><label for="vb-role-${r}">${d.roles[r]}</label></p>`,
  )}</fieldset>
<fieldset><legend>${d.files}</legend>
${input.files.map(
  (f) =>
    html`<p class="field checkbox"><input type="checkbox" id="vb-xoa-${f.id}" name="removeFile" value="${f.id}"><label for="vb-xoa-${f.id}">${d.removeFile}: ${f.original_name}</label></p>`,
)}
<p class="field"><label for="vb-file">${d.files}</label><input id="vb-file" name="file" type="file" multiple accept=".pdf,.doc,.docx,.xlsx,.odt" aria-describedby="vb-file-goi-y"><small id="vb-file-goi-y" class="hint">${d.filesHint}</small></p>
</fieldset>
<p class="form-actions">
${published ? '' : html`<button type="submit" name="intent" value="save" class="button">${d.save}</button>`}
${editor && !published ? html`<button type="submit" name="intent" value="publish" class="button primary">${d.saveAndPublish}</button>` : ''}
${editor && published ? html`<button type="submit" name="intent" value="save" class="button primary">${messages.categoryAdmin.save}</button> <button type="submit" name="intent" value="unpublish" class="button">${d.unpublish}</button>` : ''}
</p>
</form>`;
}
