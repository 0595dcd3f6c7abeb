import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

/**
 * ProseMirror learns of a click's new caret from the browser's selectionchange
 * event, which comes a moment later; a shortcut or tool used at once would act
 * on the old caret. This reads the browser's selection into the editor first.
 */
export function catchUpWithClick(editor: Editor): void {
  const dom = window.getSelection();
  const inside = (node: Node | null | undefined): node is Node => !!node && editor.view.dom.contains(node);
  // A selected image or table cells are the editor's own selections, which the browser's does not show as such.
  if (!(editor.state.selection instanceof TextSelection) || !inside(dom?.anchorNode) || !inside(dom?.focusNode)) return;
  const anchor = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
  const head = editor.view.posAtDOM(dom.focusNode, dom.focusOffset);
  const { selection } = editor.state;
  if (selection.anchor !== anchor || selection.head !== head)
    editor.commands.setTextSelection({ from: anchor, to: head });
}
