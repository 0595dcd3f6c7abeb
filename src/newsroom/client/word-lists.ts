/**
 * Word pastes a list as paragraphs (class MsoListParagraph…, style mso-list
 * "l0 level2") whose bullet or number is typed text in a span marked
 * mso-list:Ignore. paste.ts turns those styles into data-paste-list-level and
 * data-paste-list-marker; this turns each run of such paragraphs into real,
 * nested <ul>/<ol> lists.
 */

const ORDERED_MARKER = /^(?:\d+|[a-z]|[ivxlcdm]+)[.)]$/i;

function levelOf(p: Element): number | null {
  const level = p.getAttribute('data-paste-list-level');
  if (level) return Number(level);
  return /^MsoListParagraph/.test(p.className) ? 1 : null;
}

function listTag(p: Element): 'ol' | 'ul' {
  const marker = p.querySelector('[data-paste-list-marker]');
  const text = (marker?.textContent ?? '').replace(/[\s\u00a0]/g, '');
  return ORDERED_MARKER.test(text) ? 'ol' : 'ul';
}

function buildList(run: Element[]): Element {
  const doc = run[0]!.ownerDocument;
  const root = doc.createElement(listTag(run[0]!));
  const stack: { list: Element; level: number }[] = [{ list: root, level: levelOf(run[0]!) ?? 1 }];
  for (const p of run) {
    const level = levelOf(p) ?? 1;
    while (stack.length > 1 && stack[stack.length - 1]!.level > level) stack.pop();
    let top = stack[stack.length - 1]!;
    while (top.level < level) {
      // A deeper item hangs off the item before it, as in the document it came from.
      const parentItem = top.list.lastElementChild ?? top.list.appendChild(doc.createElement('li'));
      const sub = parentItem.appendChild(doc.createElement(listTag(p)));
      top = { list: sub, level: top.level + 1 };
      stack.push(top);
    }
    p.querySelectorAll('[data-paste-list-marker]').forEach((m) => m.remove());
    const item = doc.createElement('li');
    item.append(...p.childNodes);
    top.list.append(item);
  }
  return root;
}

export function rebuildWordLists(doc: Document): void {
  const items = [...doc.body.querySelectorAll('p')].filter((p) => levelOf(p) !== null);
  const done = new Set<Element>();
  for (const first of items) {
    if (done.has(first)) continue;
    const run: Element[] = [first];
    for (let next = first.nextElementSibling; next?.tagName === 'P' && levelOf(next) !== null;) {
      run.push(next);
      next = next.nextElementSibling;
    }
    run.forEach((p) => done.add(p));
    first.before(buildList(run));
    run.forEach((p) => p.remove());
  }
}
