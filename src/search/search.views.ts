import { paginationNav } from '../web/pagination.views.js';
import { timeTag } from '../articles/articles.views.js';
import { categoryUrl } from '../articles/urls.js';
import type { CategoryTree } from '../categories/category-tree.js';
import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from '../web/html.js';
import type { SearchOutcome, SearchResult } from './search.service.js';
import type { DocumentSummary } from '../documents/documents.service.js';

export interface SearchForm {
  q: string;
  categorySlug: string;
  from: string;
  to: string;
  sort: 'lien-quan' | 'moi-nhat';
}

/** The page's own URL for another page number, keeping every filter. */
export function searchUrl(form: SearchForm, page: number): string {
  const p = new URLSearchParams({ q: form.q });
  if (form.categorySlug) p.set('chuyen-muc', form.categorySlug);
  if (form.from) p.set('tu', form.from);
  if (form.to) p.set('den', form.to);
  if (form.sort !== 'lien-quan') p.set('sap-xep', form.sort);
  if (page > 1) p.set('trang', String(page));
  return `/tim-kiem?${p.toString()}`;
}

export function searchPage(input: {
  tree: CategoryTree;
  form: SearchForm;
  outcome: SearchOutcome | null;
  page: number;
  documents: { items: DocumentSummary[]; total: number } | null;
}): SafeHtml {
  const { form, outcome, page, documents } = input;
  const heading = form.q.trim() ? m.search.resultsFor(form.q.trim()) : m.search.title;
  return html`<h1 class="page-title">${heading}</h1>
${searchFormView(input.tree, form)}
${documents?.items.length ? documentsView(form.q, documents) : ''}
<section aria-label="${m.search.results}">
${outcome?.suggestion ? html`<p class="search-suggestion">${m.search.didYouMean} <a href="${searchUrl({ ...form, q: outcome.suggestion }, 1)}">${outcome.suggestion}</a></p>` : ''}
${resultsView(outcome, page)}
</section>
${outcome ? paginationNav(page, outcome.totalPages, (p) => searchUrl(form, p)) : ''}`;
}

function documentsView(q: string, documents: { items: DocumentSummary[]; total: number }): SafeHtml {
  return html`<section class="search-documents" aria-labelledby="search-documents-title">
<h2 id="search-documents-title">${m.search.documents}</h2>
<ul>${documents.items.map((d) => html`<li><a href="${d.url}">${d.typeName} ${d.code}</a> ${d.summary}</li>`)}</ul>
<p><a href="/van-ban?${new URLSearchParams({ q }).toString()}">${m.search.moreDocuments(documents.total)}</a></p>
</section>`;
}

function searchFormView(tree: CategoryTree, form: SearchForm): SafeHtml {
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const categories = tree.roots.flatMap((c) => [c, ...c.children]);
  return html`<form class="search-form" role="search" action="/tim-kiem" method="get">
<div class="search-main">
<label class="visually-hidden" for="search-q">${m.search.label}</label>
<input id="search-q" type="search" name="q" maxlength="200" value="${form.q}" placeholder="${m.search.placeholder}">
<button type="submit">${m.search.submit}</button>
</div>
<fieldset class="search-filters">
<legend>${m.search.filters}</legend>
<label>${m.search.category}
<select name="chuyen-muc">${option('', m.search.allCategories, form.categorySlug === '')}${categories.map((c) =>
    option(c.slug, c.parent ? `— ${c.name}` : c.name, c.slug === form.categorySlug),
  )}</select></label>
${dayField('tu', m.search.from, form.from)}
${dayField('den', m.search.to, form.to)}
<small id="search-day-hint" class="hint">${m.search.dayHint}</small>
<label>${m.search.sort}
<select name="sap-xep">${option('lien-quan', m.search.sortRelevance, form.sort === 'lien-quan')}${option('moi-nhat', m.search.sortNewest, form.sort === 'moi-nhat')}</select></label>
</fieldset>
</form>`;
}

/** A text field for dd/mm/yyyy: the browser's date picker would show and send the other order. */
function dayField(name: 'tu' | 'den', label: string, value: string): SafeHtml {
  return html`<label>${label} <input type="text" name="${name}" value="${value}" inputmode="numeric" size="10" maxlength="10" placeholder="dd/mm/yyyy" pattern="\\d{1,2}/\\d{1,2}/\\d{4}" title="${m.search.dayHint}" aria-describedby="search-day-hint"></label>`;
}

function resultsView(outcome: SearchOutcome | null, page: number): SafeHtml {
  if (!outcome || !outcome.query) return html`<p>${m.search.empty}</p>`;
  if (outcome.total === 0) return html`<p class="search-count">${m.search.none}</p>`;
  if (!outcome.results.length) return html`<p class="search-count">${m.search.pageBeyond}</p>`;
  return html`<p class="search-count">${outcome.capped ? m.search.countAtLeast(outcome.total) : m.search.count(outcome.total)}${page > 1 ? html` ${m.pagination.pageOf(page, outcome.totalPages)}` : ''}</p>
<div class="teaser-list">${outcome.results.map(resultView)}</div>`;
}

function resultView(r: SearchResult): SafeHtml {
  return html`<article class="teaser search-hit">
<h2 class="teaser-title"><a href="${r.url}">${r.titleHtml}</a></h2>
${r.category ? html`<a class="teaser-category" href="${categoryUrl(r.category.slug)}">${r.category.name}</a>` : ''}${timeTag(r.published_at)}
<p class="teaser-sapo">${r.snippetHtml}</p>
</article>`;
}
