import { articleUrl } from '../articles/urls.js';
import type { QueueRow } from '../comments/comments.repo.js';
import { ownCommentActions } from '../comments/comments.views.js';
import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { csrfSlot } from '../web/csrf.js';
import { field, formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import type { SessionRow } from './accounts.repo.js';
import { describeDevice } from './device-names.js';
import { PASSWORD_MAX } from './passwords.js';

const m = messages.auth;
const cm = messages.comments;

export interface AccountPageInput {
  displayName: string;
  email: string;
  emailVerified: boolean;
  minPassword: number;
  sessions: readonly SessionRow[];
  currentSession: string;
  comments: readonly (QueueRow & { editable: boolean })[];
  notice?: string;
  error?: string;
  /** Extra sections from other features (two-factor sign-in). */
  extra?: SafeHtml;
}

const currentPassword = (id: string) =>
  html`<p class="field"><label for="${id}">${m.currentPassword}</label><input id="${id}" name="currentPassword" type="password" autocomplete="current-password" required maxlength="${PASSWORD_MAX}"></p>`;

export function accountView(v: AccountPageInput): SafeHtml {
  return html`<h1 class="page-title">${m.accountTitle}</h1>
${formMessage(v.error)}${formMessage(v.notice, 'notice')}
<section aria-labelledby="ten"><h2 id="ten">${m.nameSection}</h2>
<form class="auth-form" method="post" action="/tai-khoan/ten">${csrfSlot}
  ${field({ label: m.displayName, name: 'displayName', value: v.displayName, autocomplete: 'nickname', minlength: 2, maxlength: 80 })}
  <p><button type="submit">${m.save}</button></p>
</form></section>
<section aria-labelledby="mat-khau"><h2 id="mat-khau">${m.passwordSection}</h2>
<form class="auth-form" method="post" action="/tai-khoan/mat-khau">${csrfSlot}
  ${currentPassword('f-mk-hien-tai')}
  ${field({ label: m.newPassword, name: 'newPassword', type: 'password', autocomplete: 'new-password', minlength: v.minPassword, maxlength: PASSWORD_MAX, hint: m.passwordHint(v.minPassword) })}
  <p><button type="submit">${m.save}</button></p>
</form></section>
<section aria-labelledby="email"><h2 id="email">${m.emailSection}</h2>
<p>${m.emailCurrent(v.email)} · <strong>${v.emailVerified ? m.emailIsVerified : m.emailNotVerified}</strong></p>
${
  v.emailVerified
    ? ''
    : html`<p>${m.emailNotVerifiedHelp}</p>
<form method="post" action="/tai-khoan/email/gui-lai-xac-nhan">${csrfSlot}<p><button type="submit">${m.resendVerification}</button></p></form>`
}
<form class="auth-form" method="post" action="/tai-khoan/email">${csrfSlot}
  ${field({ label: m.newEmail, name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 })}
  ${currentPassword('f-email-mk')}
  <p><button type="submit">${m.save}</button></p>
</form></section>
${v.extra ?? ''}
<section aria-labelledby="phien"><h2 id="phien">${m.sessionsSection}</h2>
<table class="sessions"><thead><tr><th scope="col">${m.sessionDevice}</th><th scope="col">${m.sessionLastSeen}</th><th scope="col"><span class="visually-hidden">${m.sessionEnd}</span></th></tr></thead>
<tbody>${v.sessions.map(
    (s) =>
      html`<tr><td>${describeDevice(s.user_agent)}</td><td>${formatVnDateTime(s.last_seen_at)}</td><td>${
        s.id_hash === v.currentSession
          ? m.sessionThis
          : html`<form method="post" action="/tai-khoan/phien/${s.id_hash}/ket-thuc">${csrfSlot}<button type="submit">${m.sessionEnd}</button></form>`
      }</td></tr>`,
  )}</tbody></table>
<form method="post" action="/tai-khoan/phien/ket-thuc-tat-ca">${csrfSlot}<p><button type="submit">${m.sessionEndOthers}</button></p></form>
</section>
<section aria-labelledby="y-kien-cua-toi"><h2 id="y-kien-cua-toi">${m.myComments}</h2>
${
  v.comments.length
    ? html`<ul class="my-comments">${v.comments.map(
        (
          c,
        ) => html`<li><p><strong>${c.article_title ?? `${messages.consultations.onDocument} ${c.document_code}`}</strong> · ${m.statusNames[c.status]} · <time datetime="${c.created_at}">${formatVnDateTime(c.created_at)}</time></p>
  <p>${c.body}</p>
  ${c.editable ? ownCommentActions(c.id) : ''}
  ${
    c.status !== 'approved'
      ? ''
      : c.article_id
        ? html`<p><a href="${articleUrl('bai-viet', '', c.article_id)}#y-kien-${c.id}">${cm.backToArticle}</a></p>`
        : html`<p><a href="/van-ban/${c.document_slug}#y-kien-${c.id}">${messages.consultations.backToDocument}</a></p>`
  }</li>`,
      )}</ul>`
    : html`<p>${m.noComments}</p>`
}
</section>
<section aria-labelledby="xoa-tai-khoan"><h2 id="xoa-tai-khoan">${m.deleteSection}</h2>
<p>${m.deleteWarning}</p>
<form class="auth-form" method="post" action="/tai-khoan/xoa">${csrfSlot}
  <p class="hint">${m.deletePasswordHint}</p>
  ${currentPassword('f-xoa-mk')}
  <p><button class="button danger" type="submit">${m.deleteButton}</button></p>
</form></section>`;
}
