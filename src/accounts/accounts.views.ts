import { messages } from '../messages/vi.js';
import { csrfSlot } from '../web/csrf.js';
import { field, formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { PASSWORD_MAX } from './passwords.js';

const m = messages.auth;

export function loginView(v: { error?: string; notice?: string; email?: string; next?: string }): SafeHtml {
  return html`<h1 class="page-title">${m.loginTitle}</h1>
${formMessage(v.error)}${formMessage(v.notice, 'notice')}
<form class="auth-form" method="post" action="/dang-nhap">${csrfSlot}
  ${v.next ? html`<input type="hidden" name="tiep" value="${v.next}">` : ''}
  ${field({ label: m.email, name: 'email', type: 'email', value: v.email, autocomplete: 'username', maxlength: 254 })}
  ${field({ label: m.password, name: 'password', type: 'password', autocomplete: 'current-password', maxlength: PASSWORD_MAX })}
  <p><button type="submit">${m.loginButton}</button></p>
</form>
<p><a href="/quen-mat-khau">${m.forgotLink}</a></p>
<p>${m.noAccount} <a href="/dang-ky">${m.registerLink}</a></p>`;
}

export function registerView(v: { error?: string; email?: string; displayName?: string }): SafeHtml {
  return html`<h1 class="page-title">${m.registerTitle}</h1>
${formMessage(v.error)}
<form class="auth-form" method="post" action="/dang-ky">${csrfSlot}
  ${field({ label: m.email, name: 'email', type: 'email', value: v.email, autocomplete: 'email', maxlength: 254 })}
  ${field({ label: m.displayName, name: 'displayName', value: v.displayName, autocomplete: 'nickname', minlength: 2, maxlength: 80 })}
  ${field({ label: m.password, name: 'password', type: 'password', autocomplete: 'new-password', minlength: 8, maxlength: PASSWORD_MAX, hint: m.passwordHint(8) })}
  <p><button type="submit">${m.registerButton}</button></p>
</form>
<p>${m.haveAccount} <a href="/dang-nhap">${m.loginButton}</a></p>`;
}

export function forgotView(v: { error?: string; email?: string }): SafeHtml {
  return html`<h1 class="page-title">${m.forgotTitle}</h1>
${formMessage(v.error)}
<form class="auth-form" method="post" action="/quen-mat-khau">${csrfSlot}
  ${field({ label: m.email, name: 'email', type: 'email', value: v.email, autocomplete: 'email', maxlength: 254 })}
  <p><button type="submit">${m.sendLink}</button></p>
</form>`;
}

/** The form behind a mailed link; a dead link gets the way to a new one instead of a form that cannot work. */
export function resetView(v: { token: string; minPassword: number | null; error?: string }): SafeHtml {
  if (v.minPassword === null) {
    return html`<h1 class="page-title">${m.resetTitle}</h1>
${formMessage(v.error ?? m.linkInvalid)}
<p><a href="/quen-mat-khau">${m.newLink}</a></p>`;
  }
  return html`<h1 class="page-title">${m.resetTitle}</h1>
${formMessage(v.error)}
<form class="auth-form" method="post" action="/dat-lai-mat-khau/${v.token}">${csrfSlot}
  ${field({ label: m.newPassword, name: 'password', type: 'password', autocomplete: 'new-password', minlength: v.minPassword, maxlength: PASSWORD_MAX, hint: m.passwordHint(v.minPassword) })}
  <p><button type="submit">${m.savePassword}</button></p>
</form>`;
}

export function noticeView(title: string, message: string, link?: { href: string; text: string }): SafeHtml {
  return html`<h1 class="page-title">${title}</h1>
${formMessage(message, 'notice')}
${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ''}`;
}
