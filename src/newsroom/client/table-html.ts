import { Table } from '@tiptap/extension-table';

// Plain <table><tbody>: the stock rendering adds a colgroup with inline min-width styles, which the CSP blocks.
export const PlainTable = Table.extend({ renderHTML: () => ['table', ['tbody', 0]] }).configure({ resizable: false });

/**
 * The editor keeps every row in one tbody; a first row made only of header
 * cells is the table's header, so it is saved in <thead> with scope="col",
 * which screen readers announce with each cell below.
 */
export function withTableHeads(bodyHtml: string): string {
  if (!bodyHtml.includes('<th')) return bodyHtml;
  const box = document.createElement('template');
  box.innerHTML = bodyHtml;
  box.content.querySelectorAll('table').forEach((table) => {
    const body = table.querySelector(':scope > tbody');
    const first = body?.firstElementChild;
    if (!body || !first || table.querySelector(':scope > thead')) return;
    const cells = [...first.children];
    if (!cells.length || cells.some((c) => c.tagName !== 'TH')) return;
    cells.forEach((c) => c.setAttribute('scope', 'col'));
    const head = document.createElement('thead');
    head.append(first);
    table.insertBefore(head, body);
  });
  return box.innerHTML;
}
