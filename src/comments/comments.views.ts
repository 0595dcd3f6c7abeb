import type { Actor } from '../accounts/roles.js';
import { messages } from '../messages/vi.js';
import { formatVnDateTime } from '../vi/dates.js';
import { assets } from '../web/assets.js';
import { csrfSlot } from '../web/csrf.js';
import { field, formMessage } from '../web/forms.js';
import type { Flash } from '../web/flash.js';
import { escapeHtml, html, SafeHtml } from '../web/html.js';
import { storedCommentHtml } from './comment-text.js';
import type { CommentRow, ShownComment } from './comments.repo.js';
import { BODY_MAX } from './comments.schema.js';

const m = messages.comments;

/** What a form's comment is on: an article, or a document under consultation (a góp ý). */
export type FormTarget = { articleId: number } | { documentId: number };

/** The section's headings: a consultation's góp ý are named as such. */
export interface SectionWords {
  title: string;
  titleWithCount: (n: number) => string;
  none: string;
  formTitle: string;
}

const articleWords: SectionWords = {
  title: m.title,
  titleWithCount: m.titleWithCount,
  none: m.none,
  formTitle: m.formTitle,
};

export interface CommentsSectionInput {
  target: FormTarget;
  /** The page the section is on. */
  pagePath: string;
  total: number;
  top: readonly ShownComment[];
  replies: readonly ShownComment[];
  page: number;
  totalPages: number;
  open: boolean;
  /** Shown instead of the form when closed; the article's sentence unless given. */
  closedText?: string;
  words?: SectionWords;
  guestsAllowed: boolean;
  viewer: Actor | null;
  /** The viewer's own comments still waiting or still editable; a page with any is never shared. */
  own: readonly OwnComment[];
  /** What the reader's last action here did (sent, reported), once, after its redirect; such a page is never shared. */
  notice?: Flash | null;
}

/** Where the notice sits: the redirect after sending leads there, and comments.js takes it from the page it gets. */
export const NOTICE_ID = 'y-kien-da-gui';

/** Said in place above the (empty) form, below the reader's own comments, where a comment just sent can be changed. */
function sentNotice(notice: Flash, own: readonly OwnComment[]): SafeHtml {
  const editable = notice.comment !== undefined && own.some((c) => c.id === notice.comment && c.editable);
  return html`<div class="comment-notice" id="${NOTICE_ID}" tabindex="-1"><p class="form-notice" role="status">${notice.text}</p>
${editable ? html`<p>${m.editWithin}</p>` : ''}</div>`;
}

export type OwnComment = CommentRow & { editable: boolean };

function ownComments(own: readonly OwnComment[]): SafeHtml | '' {
  if (!own.length) return '';
  const status = messages.auth.statusNames;
  return html`<section class="own-comments" aria-labelledby="y-kien-cua-ban"><h3 id="y-kien-cua-ban">${m.yours}</h3>
<ol class="comment-list">${own.map(
    (c) => html`<li class="comment own">
  <p class="comment-meta"><span class="comment-author">${c.author_name}</span> <time datetime="${c.created_at}">${formatVnDateTime(c.created_at)}</time> · <strong>${status[c.status]}</strong></p>
  <div class="comment-body">${storedCommentHtml(c)}</div>
  ${c.editable ? ownCommentActions(c.id) : ''}
</li>`,
  )}</ol></section>`;
}

// Escaped once, not for each of the fifty comments on a page.
const officialBadge = html` <span class="badge">${m.official}</span>`.value;
const replyLabel = html`${m.reply}`.value;
const reportLabel = html`${m.report}`.value;

/**
 * One comment, built as one string: its text is the HTML stored when it was
 * written (comment-text.ts); the name is escaped here. The markup, numbers and dates need no escaping.
 */
function commentItem(c: ShownComment, replies: readonly ShownComment[] | undefined): string {
  let out = `<li class="comment${c.is_official ? ' official' : ''}" id="y-kien-${c.id}">
  <p class="comment-meta"><span class="comment-author">${escapeHtml(c.author_name)}</span>${c.is_official ? officialBadge : ''} <time datetime="${escapeHtml(c.created_at)}">${formatVnDateTime(c.created_at)}</time></p>
  <div class="comment-body">${c.body_html}</div>
  <div class="comment-actions">
    ${c.parent_id === null ? `<a href="/y-kien/${c.id}/tra-loi">${replyLabel}</a>` : ''}
    <a href="/y-kien/${c.id}/bao-cao" rel="nofollow">${reportLabel}</a>
  </div>
  `;
  if (replies) {
    out += '<ol class="replies">';
    for (const r of replies) out += commentItem(r, undefined);
    out += '</ol>';
  }
  return out + '\n</li>';
}

/**
 * Lists already built, by the page of rows they were built from: the service's approvedPages memo hands the
 * same arrays to every view until the content changes, so fifty comments are built once per version, not per view.
 */
const builtLists = new WeakMap<readonly ShownComment[], { replies: readonly ShownComment[]; html: string }>();

function commentList(top: readonly ShownComment[], replies: readonly ShownComment[]): SafeHtml {
  const built = builtLists.get(top);
  if (built?.replies === replies) return new SafeHtml(built.html);
  const byParent = new Map<number, ShownComment[]>();
  for (const r of replies) {
    const siblings = byParent.get(r.parent_id!);
    if (siblings) siblings.push(r);
    else byParent.set(r.parent_id!, [r]);
  }
  let out = '<ol class="comment-list">';
  for (const c of top) out += commentItem(c, byParent.get(c.id));
  out += '</ol>';
  // Number() flattens the string's hundreds of pieces into one, once: a page holding them as they are took
  // V8 as long to flatten as the rest of the page took to encode, on every view.
  Number(out);
  builtLists.set(top, { replies, html: out });
  return new SafeHtml(out);
}

function commentPager(path: string, page: number, totalPages: number): SafeHtml | '' {
  if (totalPages <= 1) return '';
  const href = (p: number) => (p === 1 ? `${path}#y-kien` : `${path}?y-kien=${p}#y-kien`);
  const pages = Array.from({ length: totalPages }, (_, i) => i + 1);
  return html`<nav class="pagination" aria-label="${m.pages}"><ul>
${pages.map((p) =>
  p === page
    ? html`<li><span aria-current="page">${p}</span></li>`
    : html`<li><a href="${href(p)}" aria-label="${m.page(p)}">${p === totalPages ? m.newest : p}</a></li>`,
)}
</ul></nav>`;
}

export function commentForm(input: {
  target: FormTarget;
  parentId?: number;
  viewer: Actor | null;
  body?: string;
  name?: string;
  email?: string;
}): SafeHtml {
  return html`<form class="comment-form" id="gui-y-kien" method="post" action="/y-kien">${csrfSlot}
  ${'documentId' in input.target ? html`<input type="hidden" name="documentId" value="${input.target.documentId}">` : html`<input type="hidden" name="articleId" value="${input.target.articleId}">`}
  ${input.parentId ? html`<input type="hidden" name="parentId" value="${input.parentId}">` : ''}
  ${
    input.viewer
      ? html`<p>${m.postingAs(input.viewer.displayName)}</p>`
      : html`${field({ label: m.name, name: 'name', value: input.name, autocomplete: 'name', minlength: 2, maxlength: 80 })}
  ${field({ label: m.email, name: 'email', type: 'email', value: input.email, autocomplete: 'email', maxlength: 254 })}`
  }
  <p class="field">
    <label for="f-body">${m.body}</label>
    <textarea id="f-body" name="body" required minlength="5" maxlength="${BODY_MAX}" rows="5" aria-describedby="f-body-goi-y">${input.body ?? ''}</textarea>
    <small id="f-body-goi-y" class="hint">${m.bodyHint}</small>
  </p>
  <div class="trap" aria-hidden="true"><label for="f-website">${m.honeypot}</label><input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
  <p><button type="submit">${m.submit}</button></p>
</form>`;
}

export function commentsSection(input: CommentsSectionInput): SafeHtml {
  const words = input.words ?? articleWords;
  let form: SafeHtml;
  if (!input.open) form = html`<p>${input.closedText ?? m.closed}</p>`;
  else if (!input.viewer && !input.guestsAllowed)
    form = html`<p><a href="/dang-nhap?tiep=${encodeURIComponent(input.pagePath)}">${m.loginLink}</a></p>`;
  else
    form = html`<h3>${words.formTitle}</h3>${commentForm({ target: input.target, viewer: input.viewer })}
<script src="${assets.comments.url}" defer></script>`;
  return html`<section class="comments" aria-labelledby="y-kien">
  <h2 id="y-kien">${input.total ? words.titleWithCount(input.total) : words.title}</h2>
  ${input.top.length ? commentList(input.top, input.replies) : html`<p>${words.none}</p>`}
  ${commentPager(input.pagePath, input.page, input.totalPages)}
  ${ownComments(input.own)}
  ${input.notice ? sentNotice(input.notice, input.own) : ''}
  ${form}
</section>`;
}

/** Edit and delete for the author of a comment, while they may still change it. A div: a form may not sit in a p. */
export function ownCommentActions(id: number): SafeHtml {
  return html`<div class="comment-actions"><a href="/y-kien/${id}/sua">${m.edit}</a>
    <form method="post" action="/y-kien/${id}/xoa">${csrfSlot}<button type="submit" class="link-like">${m.delete}</button></form></div>`;
}

export function ownEditView(id: number, body: string, error?: string): SafeHtml {
  return html`<h1 class="page-title">${m.editTitle}</h1>
${formMessage(error)}
<form class="comment-form" method="post" action="/y-kien/${id}/sua">${csrfSlot}
  <p class="field"><label for="f-sua">${m.body}</label><textarea id="f-sua" name="body" required maxlength="${BODY_MAX}" rows="6">${body}</textarea></p>
  <p><button type="submit">${m.save}</button></p>
</form>`;
}

/** The report link leads here, so cached article pages carry one form, not one per comment. */
export function reportConfirmView(
  c: Pick<CommentRow, 'id' | 'author_name' | 'body_html'>,
  articlePath: string,
): SafeHtml {
  return html`<h1 class="page-title">${m.report}</h1>
<p>${m.reportQuestion}</p>
<blockquote class="quoted"><p><strong>${c.author_name}</strong></p>${storedCommentHtml(c)}</blockquote>
<form method="post" action="/y-kien/${c.id}/bao-cao">${csrfSlot}<p><button type="submit">${m.report}</button></p></form>
<p><a href="${articlePath}#y-kien-${c.id}">${m.backToArticle}</a></p>`;
}
