import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { ROLES } from './roles.js';
import type { UserListRow } from './user-admin.repo.js';

const u = messages.userAdmin;

function roleSelect(id: string, selected: string): SafeHtml {
  return html`<select id="${id}" name="role">${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : ''}>${u.roles[r]}</option>`)}</select>`;
}

export function userAdminPage(
  users: readonly UserListRow[],
  csrf: SafeHtml,
  message?: { error?: string; notice?: string },
): SafeHtml {
  return html`<h1 class="page-title">${u.title}</h1>
${message?.error ? html`<p class="form-error" role="alert">${message.error}</p>` : ''}
${message?.notice ? html`<p class="form-notice" role="status">${message.notice}</p>` : ''}
<table class="staff-table"><thead><tr><th scope="col">${u.name}</th><th scope="col">${u.email}</th><th scope="col">${u.state}</th><th scope="col">${u.role}</th><th scope="col"><span class="visually-hidden">${u.disable}</span></th></tr></thead><tbody>
${users.map(
  (
    x,
  ) => html`<tr><td>${x.display_name}</td><td>${x.email}</td><td>${x.disabled ? u.disabled : x.password_hash ? u.active : u.pending}</td>
<td><form method="post" action="/quan-tri/nguoi-dung/${x.id}/vai-tro" class="inline-form">${csrf}<label class="visually-hidden" for="role-${x.id}">${u.role}: ${x.display_name}</label>${roleSelect(`role-${x.id}`, x.role)} <button type="submit" class="button">${u.save}</button></form></td>
<td><form method="post" action="/quan-tri/nguoi-dung/${x.id}/khoa" class="inline-form">${csrf}<input type="hidden" name="disabled" value="${x.disabled ? '0' : '1'}"><button type="submit" class="button${x.disabled ? '' : ' danger'}">${x.disabled ? u.enable : u.disable}<span class="visually-hidden">: ${x.display_name}</span></button></form></td></tr>`,
)}
</tbody></table>
<form method="post" action="/quan-tri/nguoi-dung" class="category-form"><fieldset><legend>${u.invite}</legend>${csrf}
<p class="field"><label for="moi-email">${u.email}</label><input id="moi-email" name="email" type="email" required maxlength="254"></p>
<p class="field"><label for="moi-ten">${u.name}</label><input id="moi-ten" name="displayName" maxlength="80"></p>
<p class="field"><label for="moi-vai-tro">${u.role}</label>${roleSelect('moi-vai-tro', 'author')}</p>
<button type="submit" class="button primary">${u.invite}</button></fieldset></form>`;
}
