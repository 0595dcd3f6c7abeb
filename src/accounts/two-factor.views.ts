import { messages } from '../messages/vi.js';
import { csrfSlot } from '../web/csrf.js';
import { field, formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { PASSWORD_MAX } from './passwords.js';
import { isStaff, type Role } from './roles.js';

const m = messages.twoFactor;
const c = messages.twoFactorChange;

const passwordField = (id: string) =>
  html`<p class="field"><label for="${id}">${messages.auth.currentPassword}</label><input id="${id}" name="currentPassword" type="password" autocomplete="current-password" required maxlength="${PASSWORD_MAX}"></p>`;

const codeField = (id: string) =>
  html`<p class="field"><label for="${id}">${c.currentCode}</label><input id="${id}" name="code" type="text" autocomplete="one-time-code" required maxlength="20"></p>`;

/** The /tai-khoan section; only staff have it. Replacing or turning off a factor in use needs a code from it. */
export function twoFactorSection(v: { role: Role; enabled: boolean }): SafeHtml | undefined {
  if (!isStaff({ role: v.role })) return undefined;
  const form = (
    action: string,
    id: string,
    button: string,
  ) => html`<form class="auth-form" method="post" action="${action}">${csrfSlot}
  ${passwordField(id ? `f-2fa-${id}-mk` : 'f-2fa-mk')}
  ${v.enabled ? codeField(`f-2fa-${id}-ma`) : ''}
  <p><button type="submit">${button}</button></p>
</form>`;
  return html`<section aria-labelledby="hai-buoc"><h2 id="hai-buoc">${m.section}</h2>
<p>${m.intro}</p>
<p><strong>${v.enabled ? m.enabled : m.disabled}</strong></p>
${
  v.enabled
    ? html`<p>${c.changeIntro}</p>${form('/tai-khoan/hai-buoc/bat', 'thay', c.replace)}${form('/tai-khoan/hai-buoc/tat', 'tat', m.disable)}`
    : form('/tai-khoan/hai-buoc/bat', '', m.enable)
}</section>`;
}

export function totpSetupView(v: { secret: string; uri: string; error?: string }): SafeHtml {
  return html`<h1 class="page-title">${m.setupTitle}</h1>
${formMessage(v.error)}
<p>${m.setupSteps}</p>
<dl class="totp-secret"><dt>${m.secret}</dt><dd><code>${v.secret.replace(/(.{4})/g, '$1 ').trim()}</code></dd>
<dt>${m.uri}</dt><dd><code>${v.uri}</code></dd></dl>
<form class="auth-form" method="post" action="/tai-khoan/hai-buoc/xac-nhan">${csrfSlot}
  ${field({ label: m.code, name: 'code', autocomplete: 'one-time-code', maxlength: 6, minlength: 6 })}
  <p><button type="submit">${m.confirm}</button></p>
</form>`;
}

export function recoveryCodesView(v: { replaced: boolean; codes: readonly string[] }): SafeHtml {
  return html`<h1 class="page-title">${m.recoveryTitle}</h1>
<p class="form-notice" role="status">${v.replaced ? c.replaced : m.recoveryIntro}</p>
<ul class="recovery-codes">${v.codes.map((code) => html`<li><code>${code}</code></li>`)}</ul>
<p><a href="/tai-khoan">${messages.auth.account}</a></p>`;
}

export function secondFactorView(v: { next?: string; error?: string }): SafeHtml {
  return html`<h1 class="page-title">${m.loginTitle}</h1>
${formMessage(v.error)}
<p>${m.loginIntro}</p>
<form class="auth-form" method="post" action="/dang-nhap/xac-thuc">${csrfSlot}
  ${v.next ? html`<input type="hidden" name="tiep" value="${v.next}">` : ''}
  ${field({ label: m.code, name: 'code', autocomplete: 'one-time-code', maxlength: 20, hint: m.codeHint })}
  <p><button type="submit">${m.confirm}</button></p>
</form>`;
}
