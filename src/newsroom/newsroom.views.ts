import type { CategoryTree } from '../categories/category-tree.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { StaffArticle } from './newsroom.repo.js';

const f = messages.newsroom.form;
const tb = messages.newsroom.toolbar;

export interface ArticleFormInput {
  /** Null for a new article; partial when a refused new article comes back with what was typed. */
  article: Partial<StaffArticle> | null;
  tags: readonly string[];
  tree: CategoryTree;
  /** Where the form posts. */
  action: string;
  autosaveUrl?: string;
  uploadUrl: string;
  /** The hidden CSRF field, rendered by the accounts module. */
  csrfField?: SafeHtml;
  covers: readonly { id: number; label: string }[];
  error?: string;
}

/** Categories for a <select>: each top-level one followed by its children, marked with a dash. */
export function categoryChoices(tree: CategoryTree) {
  return tree.roots.flatMap((r) => [{ c: r, label: r.name }, ...r.children.map((c) => ({ c, label: `— ${c.name}` }))]);
}

function field(id: string, label: string, control: SafeHtml): SafeHtml {
  return html`<p class="field"><label for="${id}">${label}</label>${control}</p>`;
}

const TOOLBAR: [keyof typeof tb, string][] = [
  ['h2', 'H2'],
  ['h3', 'H3'],
  ['bold', 'B'],
  ['italic', 'I'],
  ['bulletList', '•'],
  ['orderedList', '1.'],
  ['blockquote', '❝'],
  ['link', 'URL'],
  ['table', '▦'],
  ['undo', '↶'],
  ['redo', '↷'],
];

/**
 * The article form. It works as plain HTML (the body is then a textarea of
 * HTML, sanitised on save); the editor bundle turns the textarea into the
 * rich-text editor and adds autosave, word count and image upload.
 */
export function articleForm(p: ArticleFormInput): SafeHtml {
  const a = p.article;
  const categories = categoryChoices(p.tree);
  return html`<form class="article-form" method="post" action="${p.action}"${p.autosaveUrl ? html` data-autosave-url="${p.autosaveUrl}"` : ''} data-upload-url="${p.uploadUrl}">
${p.csrfField ?? ''}
${p.error ? html`<p class="form-error" role="alert">${p.error}</p>` : ''}
${a?.review_note ? html`<div class="review-note" role="note"><h2>${f.reviewNote}</h2><p>${a.review_note}</p></div>` : ''}
<input type="hidden" name="version" value="${a?.version ?? ''}">
${field('title', f.title, html`<input id="title" name="title" required maxlength="300" value="${a?.title ?? ''}">`)}
${field('sapo', f.sapo, html`<textarea id="sapo" name="sapo" rows="3" maxlength="2000">${a?.sapo ?? ''}</textarea>`)}
<div class="field">
  <span class="field-label" id="body-label">${f.body}</span>
  <div class="editor" data-editor data-link-prompt="${f.linkPrompt}">
    <div class="editor-toolbar" role="toolbar" aria-label="${tb.label}">
      ${TOOLBAR.map(([cmd, icon]) => html`<button type="button" data-cmd="${cmd}" title="${tb[cmd]}"><span aria-hidden="true">${icon}</span><span class="visually-hidden">${tb[cmd]}</span></button>`)}
      <label class="upload-button">${tb.image}<input type="file" data-upload accept="image/jpeg,image/png,image/webp,image/gif"></label>
    </div>
    <div data-editor-area></div>
    <textarea class="editor-source" id="body" name="bodyHtml" aria-labelledby="body-label" data-editor-source>${a?.body_html ?? ''}</textarea>
    <p class="editor-meta"><span data-editor-stats data-template="${f.stats}"></span><span data-editor-status role="status" data-msg-saving="${f.saving}" data-msg-saved="${f.saved}" data-msg-offline="${f.offline}" data-msg-error="${f.saveError}" data-msg-uploading="${f.uploading}" data-msg-uploaded="${f.uploaded}"></span></p>
  </div>
</div>
${field('byline', f.byline, html`<input id="byline" name="byline" maxlength="120" value="${a?.byline ?? ''}">`)}
${field(
  'categoryId',
  f.category,
  html`<select id="categoryId" name="categoryId" required>${categories.map(
    ({ c, label }) => html`<option value="${c.id}"${a?.category_id === c.id ? html` selected` : ''}>${label}</option>`,
  )}</select>`,
)}
${field('tags', f.tags, html`<input id="tags" name="tags" value="${p.tags.join(', ')}">`)}
<details class="seo">
  <summary>${f.seo}</summary>
  ${field('seoTitle', f.seoTitle, html`<input id="seoTitle" name="seoTitle" maxlength="300" value="${a?.seo_title ?? ''}">`)}
  ${field('seoDescription', f.seoDescription, html`<textarea id="seoDescription" name="seoDescription" rows="2" maxlength="500">${a?.seo_description ?? ''}</textarea>`)}
  ${field(
    'coverMediaId',
    f.cover,
    html`<select id="coverMediaId" name="coverMediaId"><option value="">${f.noCover}</option>${p.covers.map(
      (m) => html`<option value="${m.id}"${a?.cover_media_id === m.id ? html` selected` : ''}>${m.label}</option>`,
    )}</select>`,
  )}
  <p class="field checkbox"><input type="checkbox" id="allowComments" name="allowComments" value="1"${!a?.comments_closed ? html` checked` : ''}><label for="allowComments">${f.allowComments}</label></p>
</details>
<p class="actions"><button type="submit" class="button primary">${a?.id ? f.saveChanges : f.save}</button></p>
</form>`;
}
