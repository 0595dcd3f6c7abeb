import type { CategoryTree } from '../categories/category-tree.js';
import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import { editorField } from './editor.views.js';
import type { StaffArticle } from './newsroom.repo.js';

const f = messages.newsroom.form;

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
<div class="title-options">
${field(
  'coverMediaId',
  f.cover,
  html`<select id="coverMediaId" name="coverMediaId"><option value="">${f.noCover}</option>${p.covers.map(
    (m) => html`<option value="${m.id}"${a?.cover_media_id === m.id ? html` selected` : ''}>${m.label}</option>`,
  )}</select>`,
)}
<p class="field checkbox"><input type="checkbox" id="featured" name="featured" value="1"${a?.featured ? html` checked` : ''}><label for="featured">${f.featured}</label></p>
</div>
${field('sapo', f.sapo, html`<textarea id="sapo" name="sapo" rows="3" maxlength="2000">${a?.sapo ?? ''}</textarea>`)}
${editorField(a?.body_html ?? '')}
${field('byline', f.byline, html`<input id="byline" name="byline" maxlength="120" value="${a?.byline ?? ''}">`)}
${field(
  'categoryId',
  f.category,
  html`<select id="categoryId" name="categoryId">${categories.map(
    ({ c, label }) => html`<option value="${c.id}"${a?.category_id === c.id ? html` selected` : ''}>${label}</option>`,
  )}</select>`,
)}
${field('tags', f.tags, html`<input id="tags" name="tags" value="${p.tags.join(', ')}">`)}
<details class="seo">
  <summary>${f.seo}</summary>
  ${field('seoTitle', f.seoTitle, html`<input id="seoTitle" name="seoTitle" maxlength="300" value="${a?.seo_title ?? ''}">`)}
  ${field('seoDescription', f.seoDescription, html`<textarea id="seoDescription" name="seoDescription" rows="2" maxlength="500">${a?.seo_description ?? ''}</textarea>`)}
  <p class="field checkbox"><input type="checkbox" id="allowComments" name="allowComments" value="1"${!a?.comments_closed ? html` checked` : ''}><label for="allowComments">${f.allowComments}</label></p>
</details>
<p class="actions"><button type="submit" class="button primary">${a?.id ? f.saveChanges : f.save}</button></p>
</form>`;
}
