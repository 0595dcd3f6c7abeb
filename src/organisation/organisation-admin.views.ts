import type { MediaRow } from '../media/media.repo.js';
import { messages } from '../messages/vi.js';
import { field, formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { ORG_PAGES, type OrgPageDef } from './org-pages.js';
import type { OrgLeaderRow, OrgPageRow, OrgUnitRow } from './organisation.service.js';

const o = messages.organisation;
const a = o.admin;
export const ADMIN_BASE = '/quan-tri/to-chuc';

/** What a form shows: the saved values, or what was just sent when it was refused. */
export type FormValues = Record<string, string | undefined>;
/** A refused change; what a change did is said once by the staff page's flash, after its redirect. */
export interface Notice {
  error?: string;
}

const notice = (m: Notice | undefined) => formMessage(m?.error);
const adminPath = (def: OrgPageDef) => `${ADMIN_BASE}${def.vi}`;

export function overviewPage(pages: readonly OrgPageRow[]): SafeHtml {
  const has = (def: OrgPageDef) => pages.some((p) => p.page === def.key && p.lang === 'en');
  return html`<h1 class="page-title">${a.title}</h1>
<p>${a.intro}</p>
<table class="staff-table"><thead><tr><th scope="col">${a.page}</th><th scope="col">${a.address}</th><th scope="col">${a.hasEnglish}</th></tr></thead><tbody>
${ORG_PAGES.map(
  (def) =>
    html`<tr><td><a href="${adminPath(def)}">${o.pages[def.key]}</a></td><td><a href="${def.vi}">${def.vi}</a>${has(def) ? html`, <a href="${def.en}">${def.en}</a>` : ''}</td><td>${has(def) ? a.yes : a.no}</td></tr>`,
)}
</tbody></table>`;
}

function textarea(name: string, label: string, value: string | undefined, lang: 'vi' | 'en'): SafeHtml {
  return html`<p class="field"><label for="f-${name}">${label}</label><textarea id="f-${name}" name="${name}" rows="12" lang="${lang}">${value ?? ''}</textarea></p>`;
}

/** A page's own values: from its saved rows, or the form as it was sent. */
export function pageValues(vi: OrgPageRow | undefined, en: OrgPageRow | undefined, def: OrgPageDef): FormValues {
  return {
    titleVi: vi?.title ?? o.pages[def.key],
    bodyVi: vi?.body_html ?? '',
    titleEn: en?.title ?? '',
    bodyEn: en?.body_html ?? '',
  };
}

export interface PageEdit {
  def: OrgPageDef;
  values: FormValues;
  csrf: SafeHtml;
  message?: Notice;
  /** The structure page lists its units, the leaders page its leaders, each with a form to add one. */
  units?: readonly OrgUnitRow[];
  leaders?: readonly OrgLeaderRow[];
  images?: readonly MediaRow[];
  /** What the add form shows when an addition was refused. */
  addValues?: FormValues;
}

export function pageEditPage(p: PageEdit): SafeHtml {
  const v = p.values;
  return html`<p><a href="${ADMIN_BASE}">${a.back}</a></p>
<h1 class="page-title">${o.pages[p.def.key]}</h1>
${notice(p.message)}
<form method="post" action="${adminPath(p.def)}" class="settings-form">${p.csrf}
<fieldset class="field"><legend>${a.vietnamese} (<a href="${p.def.vi}">${p.def.vi}</a>)</legend>
${field({ label: a.pageTitle, name: 'titleVi', value: v.titleVi, maxlength: 200 })}
${textarea('bodyVi', a.body, v.bodyVi, 'vi')}
</fieldset>
<fieldset class="field" lang="en"><legend lang="vi">${a.englishLegend} (<a href="${p.def.en}">${p.def.en}</a>)</legend>
${field({ label: a.pageTitle, name: 'titleEn', value: v.titleEn, maxlength: 200, required: false })}
${textarea('bodyEn', a.body, v.bodyEn, 'en')}
</fieldset>
<p><button type="submit" class="button primary">${a.save}</button></p>
</form>
${p.units ? unitsSection(p.def, p.units, p.csrf, p.addValues) : ''}
${p.leaders ? leadersSection(p.def, p.leaders, p.images ?? [], p.csrf, p.addValues) : ''}`;
}

function unitFields(v: FormValues): SafeHtml {
  return html`${field({ label: a.unitName, name: 'name', value: v.name, maxlength: 200 })}
${field({ label: a.unitNameEn, name: 'nameEn', value: v.nameEn, maxlength: 200, required: false })}
${field({ label: a.head, name: 'head', value: v.head, maxlength: 200, required: false })}
${field({ label: a.phone, name: 'phone', value: v.phone, maxlength: 60, required: false })}
${field({ label: a.email, name: 'email', type: 'email', value: v.email, maxlength: 254, required: false })}
${field({ label: o.address, name: 'address', value: v.address, maxlength: 300, required: false })}
${field({ label: a.position, name: 'position', value: v.position, maxlength: 4, required: false })}`;
}

function leaderFields(v: FormValues, images: readonly MediaRow[]): SafeHtml {
  return html`${field({ label: a.leaderName, name: 'name', value: v.name, maxlength: 120 })}
${field({ label: a.role, name: 'role', value: v.role, maxlength: 200 })}
${field({ label: a.roleEn, name: 'roleEn', value: v.roleEn, maxlength: 200, required: false })}
${field({ label: a.phone, name: 'phone', value: v.phone, maxlength: 60, required: false })}
${field({ label: a.email, name: 'email', type: 'email', value: v.email, maxlength: 254, required: false })}
<p class="field"><label for="f-photoMediaId">${a.photo}</label><select id="f-photoMediaId" name="photoMediaId"><option value="">${a.noPhoto}</option>${images.map(
    (m) =>
      html`<option value="${m.id}"${String(m.id) === v.photoMediaId ? html` selected` : ''}>${m.alt || m.original_name}</option>`,
  )}</select></p>
${field({ label: a.position, name: 'position', value: v.position, maxlength: 4, required: false })}`;
}

function deleteButton(action: string, name: string, csrf: SafeHtml): SafeHtml {
  return html`<form method="post" action="${action}" class="inline-form">${csrf}<button type="submit" class="button danger">${a.delete}<span class="visually-hidden">: ${name}</span></button></form>`;
}

function unitsSection(def: OrgPageDef, list: readonly OrgUnitRow[], csrf: SafeHtml, add: FormValues = {}): SafeHtml {
  const base = adminPath(def);
  return html`<h2 id="don-vi">${a.units}</h2>
${
  list.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${a.position}</th><th scope="col">${a.unitName}</th><th scope="col">${a.head}</th><th scope="col">${a.actions}</th></tr></thead><tbody>
${list.map((u) => html`<tr><td>${u.position}</td><td><a href="${base}/${u.id}">${u.name}</a></td><td>${u.head}</td><td>${deleteButton(`${base}/${u.id}/xoa`, u.name, csrf)}</td></tr>`)}
</tbody></table>`
    : html`<p>${o.noUnits}</p>`
}
<form method="post" action="${base}/moi" class="settings-form"><fieldset><legend>${a.addUnit}</legend>${csrf}
${unitFields(add)}
<button type="submit" class="button primary">${a.addUnit}</button></fieldset></form>`;
}

function leadersSection(
  def: OrgPageDef,
  list: readonly OrgLeaderRow[],
  images: readonly MediaRow[],
  csrf: SafeHtml,
  add: FormValues = {},
): SafeHtml {
  const base = adminPath(def);
  return html`<h2 id="danh-sach">${a.leaders}</h2>
${
  list.length
    ? html`<table class="staff-table"><thead><tr><th scope="col">${a.position}</th><th scope="col">${a.leaderName}</th><th scope="col">${a.role}</th><th scope="col">${a.actions}</th></tr></thead><tbody>
${list.map((l) => html`<tr><td>${l.position}</td><td><a href="${base}/${l.id}">${l.name}</a></td><td>${l.role}</td><td>${deleteButton(`${base}/${l.id}/xoa`, l.name, csrf)}</td></tr>`)}
</tbody></table>`
    : html`<p>${o.noLeaders}</p>`
}
<form method="post" action="${base}/moi" class="settings-form"><fieldset><legend>${a.addLeader}</legend>${csrf}
${leaderFields(add, images)}
<button type="submit" class="button primary">${a.addLeader}</button></fieldset></form>`;
}

export function unitValues(u: OrgUnitRow): FormValues {
  return {
    name: u.name,
    nameEn: u.name_en,
    head: u.head,
    phone: u.phone,
    email: u.email,
    address: u.address,
    position: String(u.position),
  };
}

export function leaderValues(l: OrgLeaderRow): FormValues {
  return {
    name: l.name,
    role: l.role,
    roleEn: l.role_en,
    phone: l.phone,
    email: l.email,
    photoMediaId: l.photo_media_id === null ? '' : String(l.photo_media_id),
    position: String(l.position),
  };
}

/** One unit or one leader on its own page. */
export function itemEditPage(p: {
  def: OrgPageDef;
  id: number;
  values: FormValues;
  images?: readonly MediaRow[];
  csrf: SafeHtml;
  message?: Notice;
}): SafeHtml {
  const base = adminPath(p.def);
  const isUnit = p.def.key === 'structure';
  return html`<p><a href="${base}">${o.pages[p.def.key]}</a></p>
<h1 class="page-title">${isUnit ? a.editUnit : a.editLeader}</h1>
${notice(p.message)}
<form method="post" action="${base}/${p.id}" class="settings-form">${p.csrf}
${isUnit ? unitFields(p.values) : leaderFields(p.values, p.images ?? [])}
<p><button type="submit" class="button primary">${isUnit ? a.saveUnit : a.saveLeader}</button></p>
</form>`;
}
