import type { Editor } from '@tiptap/core';
import { editorDialog } from './dialog.js';
import { catchUpWithClick } from './dom-selection.js';

const ADDRESS = [
  /^https?:\/\/[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$/i,
  /^https?:\/\/localhost(?::\d+)?(?:[/?#]\S*)?$/i,
  /^mailto:[^\s@]+@[^\s@]+\.[^\s@]+$/i,
  /^tel:\+?[\d .-]{3,}$/i,
  // A page of this site: /chuyen-muc/bai, or a heading in the same article.
  /^\/(?!\/)\S*$/,
  /^#\S+$/,
];

/** What was typed, as the address to save; "baodientu.vn/a" gets the https:// a browser would assume. */
export function linkAddress(typed: string): string | null {
  const href = /^(?:www\.)?[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:[/?#]\S*)?$/u.test(typed) ? `https://${typed}` : typed;
  return ADDRESS.some((re) => re.test(href)) ? href : null;
}

/** The link dialog (Ctrl+K or the toolbar): text, address and "open in a new tab"; edits or removes a link at the caret. */
export function wireLinkDialog(editor: Editor, el: HTMLDialogElement): () => void {
  const text = el.querySelector<HTMLInputElement>('[data-link-text]')!;
  const href = el.querySelector<HTMLInputElement>('[data-link-href]')!;
  const newTab = el.querySelector<HTMLInputElement>('[data-link-new-tab]')!;
  const remove = el.querySelector<HTMLButtonElement>('[data-link-remove]')!;
  let range = { from: 0, to: 0 };
  let selectedText = '';

  const dialog = editorDialog(
    el,
    () => {
      const typed = href.value.trim();
      if (!typed) return dialog.fail(el.dataset.msgEmpty ?? '', href);
      const address = linkAddress(typed);
      if (!address) return dialog.fail(el.dataset.msgBad ?? '', href);
      const attrs = {
        href: address,
        target: newTab.checked ? '_blank' : null,
        rel: newTab.checked ? 'noopener' : null,
      };
      const label = text.value.trim() || selectedText || address;
      dialog.close();
      const chain = editor.chain().setTextSelection(range);
      // Unchanged words keep their bold or italic; new words replace the selection. Either way typing goes on after the link.
      if (label === selectedText && range.from < range.to) chain.setLink(attrs).setTextSelection(range.to).run();
      else chain.insertContent({ type: 'text', text: label, marks: [{ type: 'link', attrs }] }).run();
    },
    () => editor.view.focus(),
  );
  remove.addEventListener('click', () => {
    dialog.close();
    editor.chain().setTextSelection(range).unsetLink().setTextSelection(range.to).run();
  });

  return () => {
    catchUpWithClick(editor);
    if (editor.isActive('link')) editor.commands.extendMarkRange('link');
    const { from, to } = editor.state.selection;
    range = { from, to };
    selectedText = editor.state.doc.textBetween(from, to, ' ');
    const current = editor.getAttributes('link') as { href?: string; target?: string };
    text.value = selectedText;
    href.value = current.href ?? '';
    newTab.checked = current.target === '_blank';
    remove.hidden = !current.href;
    dialog.open(href);
  };
}
