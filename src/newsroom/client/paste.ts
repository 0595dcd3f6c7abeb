const DROP = 'script, style, meta, link, iframe, object, embed, template, noscript, svg, math';

/**
 * Cleans pasted HTML in an inert document (DOMParser runs no script, fires no
 * handler and loads no image) before the editor reads it: Word's and web
 * pages' styles, classes and event handlers never reach the live page. The
 * editor's schema then keeps only the structure it knows.
 */
export function cleanPastedHtml(dirty: string): string {
  // A first textual pass, so that even the inert parse meets no inline style or handler for the CSP to report.
  const stripped = dirty.replace(/\s(?:style|on[a-z]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  const doc = new DOMParser().parseFromString(stripped, 'text/html');
  doc.querySelectorAll(DROP).forEach((el) => el.remove());
  doc.body.querySelectorAll('*').forEach((el) => {
    for (const { name } of [...el.attributes]) {
      if (name === 'style' || name === 'class' || name === 'id' || name.startsWith('on') || name.includes(':'))
        el.removeAttribute(name);
    }
  });
  return doc.body.innerHTML;
}
