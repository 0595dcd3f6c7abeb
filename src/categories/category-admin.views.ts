import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Category, CategoryTree } from './category-tree.js';

const c = messages.categoryAdmin;

function fields(prefix: string, tree: CategoryTree, cat: Category | null): SafeHtml {
  const id = (name: string) => `${prefix}-${name}`;
  const parents = tree.roots.filter((r) => r.id !== cat?.id);
  return html`<p class="field"><label for="${id('name')}">${c.name}</label><input id="${id('name')}" name="name" required maxlength="160" value="${cat?.name ?? ''}"></p>
<p class="field"><label for="${id('slug')}">${c.slug}</label><input id="${id('slug')}" name="slug" maxlength="160" value="${cat?.slug ?? ''}"></p>
<p class="field"><label for="${id('parent')}">${c.parent}</label><select id="${id('parent')}" name="parentId"><option value="">${c.noParent}</option>${parents.map(
    (r) => html`<option value="${r.id}"${cat?.parent_id === r.id ? html` selected` : ''}>${r.name}</option>`,
  )}</select></p>
<p class="field"><label for="${id('position')}">${c.position}</label><input id="${id('position')}" name="position" type="number" min="0" value="${cat?.position ?? ''}"></p>
<p class="field checkbox"><input type="checkbox" id="${id('menu')}" name="inMenu" value="1"${!cat || cat.in_menu ? html` checked` : ''}><label for="${id('menu')}">${c.inMenu}</label></p>`;
}

export function categoryAdminPage(
  tree: CategoryTree,
  csrf: SafeHtml,
  message?: { error?: string; notice?: string },
): SafeHtml {
  const all = tree.roots.flatMap((r) => [r, ...r.children]);
  return html`<h1 class="page-title">${c.title}</h1>
${message?.error ? html`<p class="form-error" role="alert">${message.error}</p>` : ''}
${message?.notice ? html`<p class="form-notice" role="status">${message.notice}</p>` : ''}
<div class="category-admin">
${all.map(
  (
    cat,
  ) => html`<form method="post" action="/quan-tri/chuyen-muc/${cat.id}" class="category-form${cat.parent ? ' is-child' : ''}">
<fieldset><legend>${cat.parent ? html`${cat.parent.name} › ` : ''}${cat.name} <a href="/${cat.slug}">/${cat.slug}</a></legend>
${csrf}${fields(`cm${cat.id}`, tree, cat)}
<button type="submit" class="button">${c.save}</button></fieldset></form>`,
)}
<form method="post" action="/quan-tri/chuyen-muc" class="category-form">
<fieldset><legend>${c.create}</legend>${csrf}${fields('moi', tree, null)}<button type="submit" class="button primary">${c.create}</button></fieldset></form>
</div>`;
}

/** Form strings to the service's input. */
export function categoryFromForm(b: Record<string, string | undefined>) {
  return {
    name: b.name ?? '',
    slug: b.slug ?? '',
    description: b.description ?? '',
    parentId: b.parentId ? Number(b.parentId) : null,
    position: b.position ? Number(b.position) : undefined,
    inMenu: b.inMenu === '1',
  };
}
