import { messages } from '../messages/vi.js';
import { bulkBar, rowBox } from '../newsroom/bulk-actions.js';
import { html, type SafeHtml } from '../web/html.js';
import { paginationNav } from '../web/pagination.views.js';
import { ROLES } from './roles.js';
import { STATE_OF_SLUG, type UserListing } from './user-admin.service.js';

const u = messages.userAdmin;
const l = messages.lists;
const LIST = '/quan-tri/nguoi-dung';

function roleSelect(id: string, selected: string): SafeHtml {
  return html`<select id="${id}" name="role">${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${u.roles[r]}</option>`)}</select>`;
}

function href(query: UserListing['query'], page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && key !== 'trang') params.set(key, String(value));
  if (page > 1) params.set('trang', String(page));
  const qs = params.toString();
  return qs ? `${LIST}?${qs}` : LIST;
}

export function userAdminPage(list: UserListing, csrf: SafeHtml, opts: { error?: string; back: string }): SafeHtml {
  const { query } = list;
  const selected = (on: boolean) => (on ? html` selected` : '');
  return html`<h1 class="page-title">${u.title} <small>${l.users(list.total)}</small></h1>
${opts.error ? html`<p class="form-error" role="alert">${opts.error}</p>` : ''}
<form class="filter" method="get" action="${LIST}">
  <label for="tim-nguoi">${l.userSearch}</label>
  <input type="search" id="tim-nguoi" name="q" maxlength="200" value="${query.q ?? ''}">
  <label for="loc-vai-tro">${u.role}</label>
  <select id="loc-vai-tro" name="vai-tro"><option value="">${l.allRoles}</option>${ROLES.map(
    (r) => html`<option value="${r}"${selected(query['vai-tro'] === r)}>${u.roles[r]}</option>`,
  )}</select>
  <label for="loc-tinh-trang">${u.state}</label>
  <select id="loc-tinh-trang" name="trang-thai"><option value="">${l.allStates}</option>${Object.entries(
    STATE_OF_SLUG,
  ).map(
    ([slug, state]) =>
      html`<option value="${slug}"${selected(query['trang-thai'] === slug)}>${u.states[state]}</option>`,
  )}</select>
  <button type="submit" class="button">${l.search}</button>
</form>
${
  list.rows.length
    ? html`<form method="post" action="${LIST}/hang-loat" id="chon-nguoi" class="bulk-form">${csrf}${bulkBar('nguoi-thao-tac', [['lock', l.lockSelected]], opts.back)}</form>
<table class="staff-table"><thead><tr><th scope="col"><span class="visually-hidden">${l.selectedActions}</span></th><th scope="col">${u.name}</th><th scope="col">${u.email}</th><th scope="col">${u.state}</th><th scope="col">${u.role}</th><th scope="col"><span class="visually-hidden">${u.disable}</span></th></tr></thead><tbody>
${list.rows.map(
  (
    x,
  ) => html`<tr><td>${x.disabled ? '' : rowBox(x.id, x.display_name, 'chon-nguoi')}</td><td>${x.display_name}</td><td>${x.email}</td><td>${x.disabled ? u.disabled : x.password_hash ? u.active : u.pending}</td>
<td><form method="post" action="${LIST}/${x.id}/vai-tro" class="inline-form">${csrf}<label class="visually-hidden" for="role-${x.id}">${u.role}: ${x.display_name}</label>${roleSelect(`role-${x.id}`, x.role)} <button type="submit" class="button">${u.save}</button></form></td>
<td><form method="post" action="${LIST}/${x.id}/khoa" class="inline-form">${csrf}<input type="hidden" name="disabled" value="${x.disabled ? '0' : '1'}"><button type="submit" class="button${x.disabled ? '' : ' danger'}">${x.disabled ? u.enable : u.disable}<span class="visually-hidden">: ${x.display_name}</span></button></form></td></tr>`,
)}
</tbody></table>`
    : html`<p>${l.noUsers}</p>`
}
${paginationNav(list.page, list.totalPages, (n) => href(query, n))}
<form method="post" action="${LIST}" class="category-form"><fieldset><legend>${u.invite}</legend>${csrf}
<p class="field"><label for="moi-email">${u.email}</label><input id="moi-email" name="email" type="email" required maxlength="254"></p>
<p class="field"><label for="moi-ten">${u.name}</label><input id="moi-ten" name="displayName" maxlength="80"></p>
<p class="field"><label for="moi-vai-tro">${u.role}</label>${roleSelect('moi-vai-tro', 'author')}</p>
<button type="submit" class="button primary">${u.invite}</button></fieldset></form>`;
}
