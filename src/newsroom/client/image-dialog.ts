import type { Editor } from '@tiptap/core';
import type { EditorState } from '@tiptap/pm/state';
import { editorDialog } from './dialog.js';
import { ALIGNS, SIZES, type Align, type Size } from './figure.js';
import { uploadImage, type UploadedImage } from './upload.js';

/** The figure at the caret (image selected, or caret in its caption) and where it starts. */
export function figureAt(
  state: EditorState,
): { pos: number; align: Align; size: Size; image: Record<string, unknown> } | null {
  const { selection } = state;
  const $from = selection.$from;
  let pos = -1;
  const selected = (selection as { node?: { type: { name: string } } }).node;
  if (selected?.type.name === 'figure') pos = selection.from;
  for (let depth = $from.depth; pos < 0 && depth > 0; depth--) {
    if ($from.node(depth).type.name === 'figure') pos = $from.before(depth);
  }
  const figure = pos >= 0 ? state.doc.nodeAt(pos) : null;
  if (!figure) return null;
  return {
    pos,
    align: figure.attrs.align as Align,
    size: figure.attrs.size as Size,
    image: { ...figure.child(0).attrs },
  };
}

/** Where a new block goes: at the caret, or after the table when the caret is in one, never inside a cell. */
function outsideTables(state: EditorState): number | null {
  const $from = state.selection.$from;
  let after: number | null = null;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type.name === 'table') after = $from.after(depth);
  }
  return after;
}

export interface ImageTools {
  /** Uploads the chosen file and asks for the alt text before the image goes into the article. */
  insert(file: File): Promise<void>;
  /** Opens the dialog for the image at the caret. */
  edit(): void;
}

/**
 * The image dialog. An image goes in only with an alt text or marked as
 * decorative (alt=""); alignment and size become the figure's classes; an
 * image can be replaced by another upload, keeping its caption.
 */
export function wireImageDialog(
  editor: Editor,
  el: HTMLDialogElement,
  upload: { url: string; csrf: string },
  say: (key: string, values?: Record<string, string>) => void,
): ImageTools {
  const alt = el.querySelector<HTMLInputElement>('[data-image-alt]')!;
  const decorative = el.querySelector<HTMLInputElement>('[data-image-decorative]')!;
  const align = el.querySelector<HTMLSelectElement>('[data-image-align]')!;
  const size = el.querySelector<HTMLSelectElement>('[data-image-size]')!;
  // An <img> needs a src to be valid HTML, so the page has an empty box and the picture is made here.
  const preview = el.querySelector<HTMLElement>('[data-image-preview]')!.appendChild(document.createElement('img'));
  preview.alt = '';
  const replace = el.querySelector<HTMLInputElement>('[data-image-replace]')!;
  const replaceField = el.querySelector<HTMLElement>('[data-image-replace-field]')!;
  const status = el.querySelector<HTMLElement>('[data-dialog-status]')!;
  // The figure being edited (its position), or null for a new upload; and the image's file fields.
  let editing: number | null = null;
  let image: Record<string, unknown> = {};

  const show = (fields: Record<string, unknown>) => {
    image = fields;
    preview.src = String(fields.src ?? '');
  };
  decorative.addEventListener('change', () => {
    alt.disabled = decorative.checked;
  });

  const dialog = editorDialog(
    el,
    () => {
      const text = alt.value.trim();
      if (!text && !decorative.checked) return dialog.fail(el.dataset.msgAltRequired ?? '', alt);
      const imageAttrs = { ...image, alt: decorative.checked ? '' : text };
      const figureAttrs = {
        align: ALIGNS.find((a) => a === align.value) ?? 'center',
        size: SIZES.find((s) => s === size.value) ?? 'full',
      };
      dialog.close();
      if (editing === null) return place(figureAttrs, imageAttrs);
      const at = editing;
      editor
        .chain()
        .command(({ tr }) => {
          tr.setNodeMarkup(at, undefined, figureAttrs);
          tr.setNodeMarkup(at + 1, undefined, imageAttrs);
          return true;
        })
        .run();
    },
    () => editor.view.focus(),
  );

  // The caption is typed in place, so the figure arrives with an empty one and the caret goes there.
  function place(figureAttrs: object, imageAttrs: Record<string, unknown>): void {
    const figure = {
      type: 'figure',
      attrs: figureAttrs,
      content: [{ type: 'figureImage', attrs: imageAttrs }, { type: 'figureCaption' }],
    };
    const afterTable = outsideTables(editor.state);
    const start = afterTable ?? editor.state.selection.from;
    const chain = editor.chain();
    (afterTable === null ? chain.insertContent(figure) : chain.insertContentAt(afterTable, figure)).run();
    let caption = -1;
    editor.state.doc.nodesBetween(start, editor.state.doc.content.size, (node, pos) => {
      if (caption < 0 && node.type.name === 'figureCaption') caption = pos + 1;
      return caption < 0;
    });
    if (caption >= 0) editor.commands.setTextSelection(caption);
    say('msgUploaded');
  }

  function open(fields: Record<string, unknown>, figure: { pos: number; align: Align; size: Size } | null): void {
    editing = figure?.pos ?? null;
    show(fields);
    const current = typeof fields.alt === 'string' ? fields.alt : null;
    alt.value = current ?? '';
    // An existing image with alt="" was marked decorative; a new upload has not been described yet.
    decorative.checked = figure !== null && current === '';
    alt.disabled = decorative.checked;
    align.value = figure?.align ?? 'center';
    size.value = figure?.size ?? 'full';
    replaceField.hidden = figure === null;
    status.textContent = '';
    dialog.open(alt.disabled ? decorative : alt);
  }

  replace.addEventListener('change', async () => {
    const file = replace.files?.[0];
    if (!file) return;
    const result = await uploadImage(upload.url, upload.csrf, file);
    replace.value = '';
    if ('error' in result) return dialog.fail(result.error);
    show({ ...image, ...(result.image satisfies UploadedImage) });
    status.textContent = status.dataset.msgReplaced ?? '';
  });

  return {
    async insert(file) {
      say('msgUploading');
      const result = await uploadImage(upload.url, upload.csrf, file);
      if ('error' in result) return say('msgError', { message: result.error });
      // Uploaded: the dialog now asks for what is still needed, so the status line empties.
      say('');
      open({ ...result.image, alt: null }, null);
    },
    edit() {
      const figure = figureAt(editor.state);
      if (figure) open(figure.image, figure);
    },
  };
}
