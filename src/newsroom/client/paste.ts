import { rebuildWordLists } from './word-lists.js';

const DROP = 'script, style, meta, link, iframe, object, embed, template, noscript, svg, math, title';

/**
 * What a style attribute says that is meaning, not looks: Google Docs marks bold
 * and italic only with styles (and wraps a whole paste in a <b> that is not
 * bold), Word marks its list paragraphs and their bullets with mso-list. These
 * become data- attributes; every style itself goes.
 */
function meaningOfStyle(style: string): string {
  const s = style.toLowerCase().replace(/\s+/g, '');
  const marks: string[] = [];
  if (/font-weight:(?:bold|[6-9]00)/.test(s)) marks.push('data-paste-bold');
  if (/font-weight:(?:normal|[1-4]00)/.test(s)) marks.push('data-paste-normal');
  if (/font-style:italic/.test(s)) marks.push('data-paste-italic');
  if (/mso-list:ignore/.test(s)) marks.push('data-paste-list-marker');
  // Word's review comments: the [TH1] marker in the text and the list of comments after it.
  if (/mso-(?:special-character|element):comment/.test(s)) marks.push('data-paste-drop');
  const level = /mso-list:l\d+level(\d)/.exec(s);
  if (level) marks.push(`data-paste-list-level="${level[1]}"`);
  return marks.length ? ' ' + marks.join(' ') : '';
}

function unwrap(el: Element): void {
  el.replaceWith(...el.childNodes);
}

function wrapChildren(el: Element, tag: string): void {
  const wrapper = el.ownerDocument.createElement(tag);
  wrapper.append(...el.childNodes);
  el.append(wrapper);
}

function rename(el: Element, tag: string): void {
  const replacement = el.ownerDocument.createElement(tag);
  replacement.append(...el.childNodes);
  el.replaceWith(replacement);
}

/**
 * The article body has h2 and h3 under the page's h1 (the headline). A paste
 * with h1 (Word's and Docs' "Heading 1") moves every level down one, keeping
 * its outline; deeper levels join h3.
 */
function fitHeadings(doc: Document): void {
  doc.body.querySelectorAll('p.MsoTitle').forEach((el) => rename(el, 'h1'));
  const shift = doc.body.querySelector('h1') ? 1 : 0;
  doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((el) => {
    const level = Math.min(3, Math.max(2, Number(el.tagName[1]) + shift));
    if (el.tagName !== `H${level}`) rename(el, `h${level}`);
  });
}

/** Style-only bold and italic become <strong> and <em>; Docs' outer "not bold" <b> is just a wrapper. */
function styleMarksToTags(doc: Document): void {
  doc.body.querySelectorAll('[data-paste-normal]').forEach((el) => {
    if (el.tagName === 'B' || el.tagName === 'STRONG') unwrap(el);
  });
  doc.body.querySelectorAll('[data-paste-bold]').forEach((el) => {
    if (!el.closest('b, strong, h1, h2, h3, h4, h5, h6, th')) wrapChildren(el, 'strong');
  });
  doc.body.querySelectorAll('[data-paste-italic]').forEach((el) => {
    if (!el.closest('i, em')) wrapChildren(el, 'em');
  });
}

/** Word's empty paragraphs (<o:p>&nbsp;</o:p>) are spacing, not content. */
function isEmptyBlock(el: Element): boolean {
  return !el.querySelector('img, table') && !(el.textContent ?? '').replace(/[\s\u00a0]/g, '');
}

/**
 * Cleans pasted HTML in an inert document (DOMParser runs no script, fires no
 * handler and loads no image) before the editor reads it: Word's and web
 * pages' styles, classes, fonts, spans and comments never reach the live page,
 * and Word's list paragraphs become real lists. The editor's schema then keeps
 * only the structure it knows.
 */
export function cleanPastedHtml(dirty: string): string {
  // A first textual pass, so that even the inert parse meets no inline style or handler for the CSP to report.
  const stripped = dirty
    .replace(/\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi, (_, a?: string, b?: string, c?: string) =>
      meaningOfStyle(a ?? b ?? c ?? ''),
    )
    .replace(/\son[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  const doc = new DOMParser().parseFromString(stripped, 'text/html');
  doc.querySelectorAll(DROP).forEach((el) => el.remove());
  // Word's <o:p> holds only the &nbsp; of an empty paragraph; its other namespaced tags (v:shape…) draw shapes.
  doc.body.querySelectorAll('*').forEach((el) => {
    if (el.tagName.includes(':')) el.remove();
  });
  const comments = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const dead: Node[] = [];
  while (comments.nextNode()) dead.push(comments.currentNode);
  dead.forEach((n) => n.parentNode?.removeChild(n));

  doc.body.querySelectorAll('[data-paste-drop], a.msocomanchor').forEach((el) => el.remove());
  // Another site's images cannot be kept (the server takes only the media library's); their captions stay as text.
  doc.body.querySelectorAll('img:not([src^="/media/"])').forEach((el) => el.remove());
  doc.body.querySelectorAll('figure:not(:has(img))').forEach((figure) => {
    figure.querySelectorAll('figcaption').forEach((caption) => rename(caption, 'p'));
    unwrap(figure);
  });
  rebuildWordLists(doc);
  fitHeadings(doc);
  styleMarksToTags(doc);
  // Anchors without an address (Word's bookmarks, _Toc targets) and every span or font carry no meaning.
  doc.body.querySelectorAll('span, font, a:not([href]), div:has(> p, > table, > ul, > ol, > h2, > h3)').forEach(unwrap);
  doc.body.querySelectorAll('p, h2, h3, li').forEach((el) => {
    if (isEmptyBlock(el)) el.remove();
  });
  // Docs puts a <br> between blocks where the document had an empty line; the article's spacing is the stylesheet's.
  doc.body.querySelectorAll(':scope > br').forEach((el) => el.remove());
  doc.body.querySelectorAll('*').forEach((el) => {
    for (const { name } of [...el.attributes]) {
      const keep =
        (name === 'href' && el.tagName === 'A') ||
        (['src', 'srcset', 'sizes', 'alt', 'width', 'height'].includes(name) && el.tagName === 'IMG') ||
        ((name === 'colspan' || name === 'rowspan') && (el.tagName === 'TD' || el.tagName === 'TH'));
      if (!keep) el.removeAttribute(name);
    }
  });
  return doc.body.innerHTML;
}
