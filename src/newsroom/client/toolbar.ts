import type { Editor } from '@tiptap/core';
import { figureAt } from './image-dialog.js';

type Command = { run: () => void; active?: () => boolean; enabled?: () => boolean };

function inTable(editor: Editor): boolean {
  return editor.isActive('table');
}

/** Whether the table at the caret starts with a row of header cells (saved as its <thead>). */
function hasHeaderRow(editor: Editor): boolean {
  const $from = editor.state.selection.$from;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name === 'table') return node.firstChild?.firstChild?.type.name === 'tableHeader';
  }
  return false;
}

/**
 * The toolbar's commands and their pressed and enabled states. A mouse click
 * on a tool never takes the focus from the text, so what is typed right after
 * lands at the caret; a tool used from the keyboard gives the focus back at once.
 */
export function wireToolbar(
  editor: Editor,
  toolbar: HTMLElement,
  dialogs: { link: () => void; editImage: () => void },
): void {
  const chain = () => editor.chain().focus();
  const commands: Record<string, Command> = {
    h2: {
      run: () => chain().toggleHeading({ level: 2 }).run(),
      active: () => editor.isActive('heading', { level: 2 }),
    },
    h3: {
      run: () => chain().toggleHeading({ level: 3 }).run(),
      active: () => editor.isActive('heading', { level: 3 }),
    },
    bold: { run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    italic: { run: () => chain().toggleItalic().run(), active: () => editor.isActive('italic') },
    bulletList: { run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    orderedList: { run: () => chain().toggleOrderedList().run(), active: () => editor.isActive('orderedList') },
    blockquote: { run: () => chain().toggleBlockquote().run(), active: () => editor.isActive('blockquote') },
    link: { run: dialogs.link, active: () => editor.isActive('link') },
    imageEdit: { run: dialogs.editImage, enabled: () => figureAt(editor.state) !== null },
    table: {
      run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      enabled: () => !inTable(editor),
    },
    addRow: { run: () => chain().addRowAfter().run(), enabled: () => inTable(editor) },
    deleteRow: { run: () => chain().deleteRow().run(), enabled: () => inTable(editor) },
    addColumn: { run: () => chain().addColumnAfter().run(), enabled: () => inTable(editor) },
    deleteColumn: { run: () => chain().deleteColumn().run(), enabled: () => inTable(editor) },
    headerRow: {
      run: () => chain().toggleHeaderRow().run(),
      active: () => inTable(editor) && hasHeaderRow(editor),
      enabled: () => inTable(editor),
    },
    deleteTable: { run: () => chain().deleteTable().run(), enabled: () => inTable(editor) },
    undo: { run: () => chain().undo().run() },
    redo: { run: () => chain().redo().run() },
  };
  const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button[data-cmd]')];

  const refresh = () => {
    for (const button of buttons) {
      const command = commands[button.dataset.cmd!];
      if (command?.active) button.setAttribute('aria-pressed', String(command.active()));
      if (command?.enabled) button.disabled = !command.enabled();
    }
  };
  editor.on('transaction', refresh);
  refresh();

  toolbar.addEventListener('mousedown', (event) => {
    if ((event.target as HTMLElement).closest('button')) event.preventDefault();
  });
  for (const button of buttons) {
    button.addEventListener('click', () => {
      const command = commands[button.dataset.cmd!];
      if (!command) return;
      command.run();
      // A dialog takes the focus itself; every other tool hands it straight back, without waiting for a frame.
      if (!document.querySelector('dialog[open]')) editor.view.focus();
    });
  }
}
