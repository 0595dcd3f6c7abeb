import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';

const f = messages.newsroom.form;
const tb = messages.newsroom.toolbar;
const d = messages.newsroom.editorDialogs;

type Tool = keyof typeof tb;

/** A tool: its command, the glyph shown (none: the name itself is shown) and its shortcut as aria-keyshortcuts spells it. */
const FORMAT: [Tool, string | undefined, string?][] = [
  ['h2', 'H2', 'Control+Alt+2'],
  ['h3', 'H3', 'Control+Alt+3'],
  ['bold', 'B', 'Control+B'],
  ['italic', 'I', 'Control+I'],
  ['bulletList', '•', 'Control+Shift+8'],
  ['orderedList', '1.', 'Control+Shift+7'],
  ['blockquote', '❝', 'Control+Shift+B'],
  ['link', undefined, 'Control+K'],
];
const TABLE: Tool[] = ['addRow', 'deleteRow', 'addColumn', 'deleteColumn', 'headerRow', 'deleteTable'];
const HISTORY: [Tool, string, string?][] = [
  ['undo', '↶', 'Control+Z'],
  ['redo', '↷', 'Control+Shift+Z'],
];

function tool(cmd: Tool, glyph?: string, keys?: string): SafeHtml {
  // The name is what a screen reader says; the title adds the shortcut, written the way Vietnamese keyboards label it.
  const title = keys ? `${tb[cmd]} (${keys.replace('Control', 'Ctrl')})` : tb[cmd];
  return html`<button type="button" class="tool${glyph ? ' icon' : ''}" data-cmd="${cmd}" title="${title}"${keys ? html` aria-keyshortcuts="${keys}"` : ''}>${
    glyph ? html`<span aria-hidden="true">${glyph}</span><span class="visually-hidden">${tb[cmd]}</span>` : tb[cmd]
  }</button>`;
}

const IMAGE_TYPES = 'image/jpeg,image/png,image/webp,image/gif';

function options(pairs: [string, string][]): SafeHtml[] {
  return pairs.map(([value, label]) => html`<option value="${value}">${label}</option>`);
}

/** The dialogs are <dialog>s without names on their fields: nothing in them is posted with the article. */
function linkDialog(): SafeHtml {
  return html`<dialog class="editor-dialog" data-link-dialog aria-labelledby="link-dialog-title" data-msg-empty="${d.linkEmpty}" data-msg-bad="${d.linkBad}">
  <h2 id="link-dialog-title">${d.linkTitle}</h2>
  <p class="field"><label for="link-text">${d.linkText}</label><input id="link-text" data-link-text autocomplete="off"></p>
  <p class="field"><label for="link-href">${d.linkHref}</label><input id="link-href" data-link-href inputmode="url" autocomplete="off" spellcheck="false" aria-describedby="link-href-hint link-error"><span class="hint" id="link-href-hint">${d.linkHrefHint}</span></p>
  <p class="field checkbox"><input type="checkbox" id="link-new-tab" data-link-new-tab><label for="link-new-tab">${d.linkNewTab}</label></p>
  <p class="form-error" id="link-error" data-dialog-error role="alert" hidden></p>
  <p class="actions"><button type="button" class="button primary" data-dialog-apply>${d.apply}</button><button type="button" class="button danger" data-link-remove>${d.linkRemove}</button><button type="button" class="button" data-dialog-cancel>${d.cancel}</button></p>
</dialog>`;
}

function imageDialog(): SafeHtml {
  return html`<dialog class="editor-dialog" data-image-dialog aria-labelledby="image-dialog-title" data-msg-alt-required="${d.imageAltRequired}">
  <h2 id="image-dialog-title">${d.imageTitle}</h2>
  <div class="image-preview" data-image-preview></div>
  <p class="field"><label for="image-alt">${d.imageAlt}</label><input id="image-alt" data-image-alt autocomplete="off" aria-describedby="image-error"></p>
  <p class="field checkbox"><input type="checkbox" id="image-decorative" data-image-decorative><label for="image-decorative">${d.imageDecorative}</label></p>
  <p class="field"><label for="image-align">${d.imageAlign}</label><select id="image-align" data-image-align>${options([
    ['center', d.alignCenter],
    ['left', d.alignLeft],
    ['right', d.alignRight],
  ])}</select></p>
  <p class="field"><label for="image-size">${d.imageSize}</label><select id="image-size" data-image-size>${options([
    ['full', d.sizeFull],
    ['medium', d.sizeMedium],
    ['small', d.sizeSmall],
  ])}</select></p>
  <p class="field" data-image-replace-field><label class="upload-button">${d.imageReplace}<input type="file" data-image-replace accept="${IMAGE_TYPES}"></label></p>
  <p class="form-error" id="image-error" data-dialog-error role="alert" hidden></p>
  <p class="status" data-dialog-status role="status" data-msg-replaced="${d.imageReplaced}"></p>
  <p class="actions"><button type="button" class="button primary" data-dialog-apply>${d.apply}</button><button type="button" class="button" data-dialog-cancel>${d.cancel}</button></p>
</dialog>`;
}

/**
 * The body field: a textarea of HTML that works without JavaScript, which the
 * editor bundle turns into the rich-text editor with its toolbar and dialogs.
 */
export function editorField(bodyHtml: string): SafeHtml {
  return html`<div class="field">
  <span class="field-label" id="body-label">${f.body}</span>
  <div class="editor" data-editor>
    <div class="editor-toolbar" role="toolbar" aria-label="${tb.label}">
      ${FORMAT.map(([cmd, glyph, keys]) => tool(cmd, glyph, keys))}
      <label class="upload-button tool" title="${tb.image}">${tb.image}<input type="file" data-upload accept="${IMAGE_TYPES}"></label>
      ${tool('imageEdit')}
      ${tool('table')}
      <span class="tool-group" role="group" aria-label="${tb.tableTools}">${TABLE.map((cmd) => tool(cmd))}</span>
      ${HISTORY.map(([cmd, glyph, keys]) => tool(cmd, glyph, keys))}
    </div>
    <div data-editor-area></div>
    <textarea class="editor-source" id="body" name="bodyHtml" aria-labelledby="body-label" data-editor-source>${bodyHtml}</textarea>
    <p class="editor-meta"><span data-editor-stats data-template="${f.stats}"></span><span data-editor-status role="status" data-msg-saving="${f.saving}" data-msg-saved="${f.saved}" data-msg-offline="${f.offline}" data-msg-error="${f.saveError}" data-msg-uploading="${f.uploading}" data-msg-uploaded="${f.uploaded}"></span></p>
    ${linkDialog()}
    ${imageDialog()}
  </div>
</div>`;
}
