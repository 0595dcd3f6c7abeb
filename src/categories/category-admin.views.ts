import { messages } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { Category, CategoryTree } from './category-tree.js';

const c = messages.categoryAdmin;
const LIST = '/quan-tri/chuyen-muc';

function fields(prefix: string, tree: CategoryTree, cat: Category | null): SafeHtml {
  const id = (name: string) => `${prefix}-${name}`;
  const parents = tree.roots.filter((r) => r.id !== cat?.id);
  return html`<p class="field"><label for="${id('name')}">${c.name}</label><input id="${id('name')}" name="name" required maxlength="160" value="${cat?.name ?? ''}"></p>
<p class="field"><label for="${id('slug')}">${c.slug}</label><input id="${id('slug')}" name="slug" maxlength="160" value="${cat?.slug ?? ''}"></p>
<p class="field"><label for="${id('parent')}">${c.parent}</label><select id="${id('parent')}" name="parentId"><option value="">${c.noParent}</option>${parents.map(
    (r) => html`<option value="${r.id}"${cat?.parent_id === r.id ? html` selected` : ''}>${r.name}</option>`,
  )}</select></p>
${cat ? html`<input type="hidden" name="position" value="${cat.position}">` : ''}
<p class="field checkbox"><input type="checkbox" id="${id('menu')}" name="inMenu" value="1"${cat?.in_menu ? html` checked` : ''}${cat ? '' : html` aria-describedby="${id('menu-hint')}"`}><label for="${id('menu')}">${c.inMenu}</label>${cat ? '' : html`<small id="${id('menu-hint')}" class="hint">${c.newInMenuHint}</small>`}</p>`;
}

function state(cat: Category): SafeHtml | '' {
  if (cat.parent || cat.in_menu) return '';
  return html` <span class="status">${cat.menu_auto && !cat.published_count ? c.waitsForArticle : cat.menu_auto ? '' : c.hiddenFromMenu}</span>`;
}

function node(
  cat: Category,
  siblings: readonly Category[],
  tree: CategoryTree,
  csrf: SafeHtml,
  editing: number | null,
): SafeHtml {
  const at = siblings.indexOf(cat);
  const post = (action: string, label: string, name: string, cls = 'button') =>
    html`<form method="post" action="${LIST}/${cat.id}/${action}" class="inline-form">${csrf}<button type="submit" class="${cls}" aria-label="${name}">${label}</button></form>`;
  return html`<li class="category-node">
<div class="category-row"><span class="category-name"><strong>${cat.name}</strong> <a href="/${cat.slug}">/${cat.slug}</a> · ${c.articles(cat.published_count)}${state(cat)}</span>
<span class="category-actions">${editing === cat.id ? html`<a class="button" href="${LIST}">${c.close}</a>` : html`<a class="button" href="${LIST}?sua=${cat.id}" aria-label="${c.editing(cat.name)}">${c.edit}</a>`}
${at > 0 ? post('len', c.moveUp, c.moveUpOf(cat.name)) : ''}${at < siblings.length - 1 ? post('xuong', c.moveDown, c.moveDownOf(cat.name)) : ''}
${post('xoa', c.delete, c.deleteOf(cat.name), 'button danger')}</span></div>
${
  editing === cat.id
    ? html`<form method="post" action="${LIST}/${cat.id}" class="category-form"><fieldset><legend>${c.editing(cat.name)}</legend>${csrf}${fields(`cm${cat.id}`, tree, cat)}
<button type="submit" class="button primary">${c.save}</button> <a class="button" href="${LIST}">${messages.staffTools.cancel}</a></fieldset></form>`
    : ''
}
${cat.children.length ? html`<ul class="category-tree">${cat.children.map((k) => node(k, cat.children, tree, csrf, editing))}</ul>` : ''}
</li>`;
}

export function categoryAdminPage(
  tree: CategoryTree,
  csrf: SafeHtml,
  opts: { editing: number | null; error?: string },
): SafeHtml {
  return html`<h1 class="page-title">${c.title}</h1>
${opts.error ? html`<p class="form-error" role="alert">${opts.error}</p>` : ''}
<ul class="category-tree">${tree.roots.map((r) => node(r, tree.roots, tree, csrf, opts.editing))}</ul>
<details class="category-new"${opts.editing === null && opts.error ? html` open` : ''}><summary>${c.create}</summary>
<form method="post" action="${LIST}" class="category-form">
<fieldset><legend>${c.create}</legend>${csrf}${fields('moi', tree, null)}<button type="submit" class="button primary">${c.create}</button></fieldset></form></details>`;
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
