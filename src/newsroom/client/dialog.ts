/**
 * The behaviour the editor's dialogs share: a modal <dialog> (focus kept
 * inside, Escape closes), Enter applies instead of submitting the article
 * form around it, a refusal is shown and read out, and closing hands focus
 * back to the editor.
 */
export interface EditorDialog {
  el: HTMLDialogElement;
  open(focus: HTMLElement): void;
  fail(message: string, field?: HTMLElement): void;
  /** Closes and gives the focus back to the editor at once, so that the next keystroke lands in the text. */
  close(): void;
}

export function editorDialog(el: HTMLDialogElement, apply: () => void, closed: () => void): EditorDialog {
  const error = el.querySelector<HTMLElement>('[data-dialog-error]')!;
  const clearError = () => {
    error.hidden = true;
    error.textContent = '';
    el.querySelectorAll('[aria-invalid]').forEach((f) => f.removeAttribute('aria-invalid'));
  };
  el.querySelector('[data-dialog-apply]')!.addEventListener('click', apply);
  el.querySelector('[data-dialog-cancel]')!.addEventListener('click', () => el.close());
  el.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && (target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) {
      event.preventDefault();
      if (target.type !== 'file') apply();
    }
  });
  // Escape and Cancel close without our close(): the dialog's close event gives the focus back then. After close(),
  // which has given it back already, that event comes a moment later; focusing again would put the caret back where
  // it was when the dialog closed, undoing a key pressed in between (End, then Enter, split the line at the old place).
  let handedBack = false;
  el.addEventListener('close', () => {
    if (handedBack) handedBack = false;
    else closed();
  });
  return {
    el,
    open(focus) {
      clearError();
      el.showModal();
      focus.focus();
    },
    fail(message, field) {
      error.textContent = message;
      error.hidden = false;
      if (field) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    },
    close() {
      if (el.open) {
        handedBack = true;
        el.close();
      }
      closed();
    },
  };
}
