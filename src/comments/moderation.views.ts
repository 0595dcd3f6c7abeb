import type { CommentStatus } from '../db/schema.js';
import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { csrfSlot } from '../web/csrf.js';
import { field, formMessage } from '../web/forms.js';
import { html, type SafeHtml } from '../web/html.js';
import { storedCommentHtml } from './comment-text.js';
import type { CommentRow, QueueRow } from './comments.repo.js';
import type { CommentSettings } from './settings.service.js';
import { BODY_MAX } from './comments.schema.js';

const m = messages.moderation;

export const STATUS_SLUGS: Record<string, CommentStatus> = {
  'cho-duyet': 'pending',
  'da-duyet': 'approved',
  spam: 'spam',
  'tu-choi': 'rejected',
};
const SLUG_OF = Object.fromEntries(Object.entries(STATUS_SLUGS).map(([slug, status]) => [status, slug])) as Record<
  CommentStatus,
  string
>;

export function pendingNote(count: number): SafeHtml {
  // Nothing waiting, nothing to say: a "0 waiting" banner on every page teaches staff to ignore it.
  if (!count) return html``;
  return html`<p class="staff-note wrap"><a href="/quan-tri/y-kien">${m.pendingBadge(count)}</a></p>`;
}

export interface QueueViewInput {
  status: CommentStatus;
  rows: readonly QueueRow[];
  filter: { articleId?: number; documentId?: number; author?: string; ip?: string; text?: string };
  notice?: string;
  error?: string;
  csrf: SafeHtml;
  /** The queue's address as shown, for the way back after an action. */
  back: string;
  isAdmin: boolean;
  page: number;
  /** Another page follows this one. */
  more: boolean;
}

/** The queue's address for a tab with the filters in use, so paging or changing tabs keeps them. */
function queueHref(status: CommentStatus, filter: QueueViewInput['filter']): string {
  const q = new URLSearchParams({ 'trang-thai': SLUG_OF[status] });
  if (filter.articleId) q.set('bai', String(filter.articleId));
  if (filter.documentId) q.set('van-ban', String(filter.documentId));
  if (filter.author) q.set('ten', filter.author);
  if (filter.ip) q.set('ip', filter.ip);
  if (filter.text) q.set('q', filter.text);
  return `/quan-tri/y-kien?${q.toString()}`;
}

function queuePager(v: QueueViewInput): SafeHtml | '' {
  if (v.page === 1 && !v.more) return '';
  const href = (p: number) => `${queueHref(v.status, v.filter)}&trang=${p}`;
  const pg = messages.pagination;
  return html`<nav class="pagination" aria-label="${pg.label}"><ul>
${v.page > 1 ? html`<li><a rel="prev" href="${href(v.page - 1)}">${pg.previous}</a></li>` : ''}
<li><span aria-current="page">${v.page}</span></li>
${v.more ? html`<li><a rel="next" href="${href(v.page + 1)}">${pg.next}</a></li>` : ''}
</ul></nav>`;
}

function actionButton(action: keyof typeof m.actions, id?: number): SafeHtml {
  return html`<button type="submit" name="action" value="${id ? `${action}:${id}` : action}">${m.actions[action]}</button>`;
}

/**
 * "Chặn người gửi" (or "Bỏ chặn") for a reader's comment: it posts the queue's form, with its way back, to the
 * comment's own address, which asks first. A guest's comment has no account to stop (spam covers it), and staff
 * are locked by an admin on the users page, so theirs get no button.
 */
function banButton(c: QueueRow): SafeHtml | '' {
  if (c.author_role !== 'reader' || c.is_official) return '';
  return c.author_banned
    ? html`<button type="submit" formaction="/quan-tri/y-kien/${c.id}/bo-chan">${m.unban}</button>`
    : html`<button type="submit" class="button danger" formaction="/quan-tri/y-kien/${c.id}/chan">${m.ban}</button>`;
}

/** Guests' addresses are never confirmed; an account's may or may not be, and that weighs on trusting it. */
function authorState(c: QueueRow): SafeHtml {
  if (c.author_email_verified === null) return html`<span class="author-state">${m.guestUnverified}</span>`;
  return html`<span class="author-state">${c.author_email_verified ? m.accountVerified : m.accountUnverified}</span>`;
}

export function queueView(v: QueueViewInput): SafeHtml {
  const tabs = (Object.keys(m.tabs) as (keyof typeof m.tabs)[]).map((status) =>
    status === v.status
      ? html`<li><span aria-current="page">${m.tabs[status]}</span></li>`
      : html`<li><a href="${queueHref(status, v.filter)}">${m.tabs[status]}</a></li>`,
  );
  return html`<h1 class="page-title">${m.title}</h1>
${formMessage(v.error)}
<nav class="tabs" aria-label="${m.title}"><ul>${tabs}</ul></nav>
${v.isAdmin ? html`<p><a href="/quan-tri/y-kien/cai-dat">${m.settingsTitle}</a></p>` : ''}
<form class="queue-filter" method="get" action="/quan-tri/y-kien">
  <input type="hidden" name="trang-thai" value="${SLUG_OF[v.status]}">
  ${v.filter.documentId ? html`<input type="hidden" name="van-ban" value="${v.filter.documentId}">` : ''}
  ${field({ label: m.filterArticle, name: 'bai', value: v.filter.articleId ? String(v.filter.articleId) : '', required: false })}
  ${field({ label: m.filterAuthor, name: 'ten', value: v.filter.author, required: false })}
  ${field({ label: m.filterIp, name: 'ip', value: v.filter.ip, required: false })}
  ${field({ label: messages.lists.commentSearch, name: 'q', value: v.filter.text, required: false })}
  <p><button type="submit">${m.filter}</button></p>
</form>
${
  v.rows.length
    ? html`<form method="post" action="/quan-tri/y-kien">${v.csrf}<input type="hidden" name="tiep" value="${v.back}">
  <fieldset class="bulk"><legend>${m.selectAll}</legend>${actionButton('approve')} ${actionButton('reject')} ${actionButton('spam')} ${actionButton('delete')}</fieldset>
  <ol class="queue">${v.rows.map(
    (c) => html`<li class="queue-item">
    <p class="comment-meta"><input type="checkbox" name="ids" value="${c.id}" id="chon-${c.id}"> <label for="chon-${c.id}">${m.select(c.id)}</label>:
      <strong>${c.author_name}</strong>${c.author_email ? html` &lt;${c.author_email}&gt;` : ''} · ${authorState(c)}${c.author_banned ? html` · <strong class="author-banned">${m.bannedBadge}</strong>` : ''} · IP ${c.ip || '-'} ·
      <time datetime="${c.created_at}">${formatVnDateTime(c.created_at)}</time>${c.reports ? html` · <strong>${m.reports(c.reports)}</strong>` : ''}</p>
    <p class="queue-article">${
      c.document_id
        ? html`${messages.consultations.onDocument}: <a href="/van-ban/${c.document_slug}">${c.document_code}</a>`
        : html`${m.onArticle}: ${c.article_title} · <a href="${queueHref(v.status, { articleId: c.article_id ?? undefined })}">${m.onlyThisArticle}<span class="visually-hidden">: ${c.article_title}</span></a>`
    }</p>
    <div class="comment-body">${storedCommentHtml(c)}</div>
    <p class="queue-actions">${actionButton('approve', c.id)} ${actionButton('reject', c.id)} ${actionButton('spam', c.id)} ${actionButton('delete', c.id)}
      ${banButton(c)} <a href="/quan-tri/y-kien/${c.id}">${m.open}</a></p>
  </li>`,
  )}</ol>
</form>`
    : html`<p>${m.empty}</p>`
}
${queuePager(v)}`;
}

/** What the comment page shows besides the comment: a notice or an error, and the text typed into a refused form. */
export interface CommentAdminState {
  notice?: string;
  error?: string;
  /** A refused edit's text, in place of the stored one. */
  body?: string;
  /** A refused reply's text. */
  reply?: string;
  articleClosed?: boolean;
}

export function commentAdminView(c: CommentRow, v: CommentAdminState = {}): SafeHtml {
  const cm = messages.comments;
  const articleClosed = v.articleClosed === true;
  return html`<h1 class="page-title">${cm.editTitle} #${c.id}</h1>
${formMessage(v.error)}${formMessage(v.notice, 'notice')}
<p><strong>${c.author_name}</strong> · <time datetime="${c.created_at}">${formatVnDateTime(c.created_at)}</time></p>
<form class="comment-form" method="post" action="/quan-tri/y-kien/${c.id}/sua">${csrfSlot}
  <p class="field"><label for="f-sua">${cm.body}</label><textarea id="f-sua" name="body" required maxlength="${BODY_MAX}" rows="6">${v.body ?? c.body}</textarea></p>
  <p><button type="submit">${cm.save}</button></p>
</form>
<form class="comment-form" method="post" action="/quan-tri/y-kien/${c.id}/tra-loi">${csrfSlot}
  <p class="field"><label for="f-tra-loi">${m.replyOfficial}</label><textarea id="f-tra-loi" name="body" required maxlength="${BODY_MAX}" rows="4">${v.reply ?? ''}</textarea></p>
  <p><button type="submit">${cm.reply}</button></p>
</form>
${
  c.article_id
    ? html`<form method="post" action="/quan-tri/y-kien/bai/${c.article_id}/${articleClosed ? 'mo' : 'dong'}">${csrfSlot}
  <p><button type="submit">${articleClosed ? m.reopenArticle : m.closeArticle}</button></p>
</form>`
    : ''
}
<p><a href="/quan-tri/y-kien">${m.title}</a></p>`;
}

/** The settings form's fields as text: the stored policy, or after a refused save what the admin typed. */
export interface SettingsFormValues {
  guestsAllowed: string;
  premoderation: string;
  closeAfterDays: string;
  blocklist: string;
  blocklistAction: string;
}

export function settingsFormValues(s: CommentSettings, typed?: Record<string, unknown>): SettingsFormValues {
  const stored: SettingsFormValues = {
    guestsAllowed: s.guestsAllowed ? '1' : '0',
    premoderation: s.premoderation,
    closeAfterDays: String(s.closeAfterDays),
    blocklist: s.blocklist.join('\n'),
    blocklistAction: s.blocklistAction,
  };
  if (!typed) return stored;
  const pick = (name: keyof SettingsFormValues) => {
    const value = typed[name];
    return typeof value === 'string' ? value : stored[name];
  };
  return {
    guestsAllowed: pick('guestsAllowed'),
    premoderation: pick('premoderation'),
    closeAfterDays: pick('closeAfterDays'),
    blocklist: pick('blocklist'),
    blocklistAction: pick('blocklistAction'),
  };
}

export function settingsView(s: SettingsFormValues, msg: { notice?: string; error?: string } = {}): SafeHtml {
  const option = (value: string, label: string, current: string) =>
    html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<h1 class="page-title">${m.settingsTitle}</h1>
${formMessage(msg.error)}${formMessage(msg.notice, 'notice')}
<form class="comment-form" method="post" action="/quan-tri/y-kien/cai-dat">${csrfSlot}
  <p class="field"><label for="f-guests">${m.guestsAllowed}</label><select id="f-guests" name="guestsAllowed">${option('1', m.yes, s.guestsAllowed)}${option('0', m.no, s.guestsAllowed)}</select></p>
  <p class="field"><label for="f-premod">${m.premoderation}</label><select id="f-premod" name="premoderation">${option('all', m.premodAll, s.premoderation)}${option('guests', m.premodGuests, s.premoderation)}${option('none', m.premodNone, s.premoderation)}</select></p>
  ${field({ label: m.closeAfterDays, name: 'closeAfterDays', value: s.closeAfterDays })}
  <p class="field"><label for="f-blocklist">${m.blocklist}</label><textarea id="f-blocklist" name="blocklist" rows="6">${s.blocklist}</textarea></p>
  <p class="field"><label for="f-block-action">${m.blocklistAction}</label><select id="f-block-action" name="blocklistAction">${option('hold', m.blocklistHold, s.blocklistAction)}${option('reject', m.blocklistReject, s.blocklistAction)}</select></p>
  <p><button type="submit">${messages.comments.save}</button></p>
</form>`;
}
