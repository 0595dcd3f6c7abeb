import { responsiveImg } from '../media/media-urls.js';
import { en } from '../messages/en.js';
import { messages } from '../messages/vi.js';
import { html, trustedHtml, type SafeHtml } from '../web/html.js';
import { ORG_PAGES } from './org-pages.js';
import type { OrgPageView, LeaderWithPhoto } from './organisation.service.js';
import type { OrgUnitRow } from './organisation.service.js';

const vi = messages.organisation;

/** Labels of one language, so one view draws both versions of a page. */
interface OrgText {
  pages: Record<keyof typeof vi.pages, string>;
  head: string;
  phone: string;
  email: string;
  address: string;
  photoOf: (name: string) => string;
  noUnits: string;
  noLeaders: string;
}

/** How the contact page reaches the agency: the footer's lines, as the settings have them. */
export interface ContactLines {
  agency: string;
  address: string;
  phone: string;
  email: string;
}

export function orgPageBody(view: OrgPageView, contact: ContactLines): { title: string; body: SafeHtml } {
  const t: OrgText = view.lang === 'en' ? en : vi;
  const title = view.content?.title || t.pages[view.page];
  const text = view.content?.body_html
    ? html`<div class="article-body">${trustedHtml(view.content.body_html)}</div>`
    : view.lang === 'en' && view.page === 'intro'
      ? html`<p>${en.introPending}</p>`
      : '';
  return {
    title,
    body: html`${view.lang === 'vi' ? orgNav(view.page) : ''}<article class="org-page">
<h1 class="page-title">${title}</h1>
${text}
${extra(view, t, contact)}
</article>`,
  };
}

function extra(view: OrgPageView, t: OrgText, contact: ContactLines): SafeHtml | '' {
  switch (view.page) {
    case 'structure':
      return units(view.units, view.lang, t);
    case 'leaders':
      return leaders(view.leaders, view.lang, t);
    case 'contact':
      return html`<section class="org-contact">${contact.agency ? html`<h2>${contact.agency}</h2>` : ''}${details(t, contact)}</section>`;
    case 'intro':
      // The English introduction is /en/ itself: it leads to the other English pages.
      return view.lang === 'en' ? englishLinks(view.withEnglish) : '';
    default:
      return '';
  }
}

/** Address, phone and email as a definition list; empty fields are left out, an email is a mailto link. */
function details(t: OrgText, f: { head?: string; address?: string; phone: string; email: string }): SafeHtml | '' {
  const rows: SafeHtml[] = [];
  if (f.head) rows.push(html`<dt>${t.head}</dt><dd>${f.head}</dd>`);
  if (f.address) rows.push(html`<dt>${t.address}</dt><dd>${f.address}</dd>`);
  if (f.phone) rows.push(html`<dt>${t.phone}</dt><dd>${f.phone}</dd>`);
  if (f.email) rows.push(html`<dt>${t.email}</dt><dd><a href="mailto:${f.email}">${f.email}</a></dd>`);
  return rows.length ? html`<dl class="org-details">${rows}</dl>` : '';
}

function units(list: readonly OrgUnitRow[], lang: 'vi' | 'en', t: OrgText): SafeHtml {
  if (!list.length) return html`<p>${t.noUnits}</p>`;
  return html`<div class="org-units">${list.map(
    (u) =>
      html`<section class="org-unit"><h2>${lang === 'en' ? u.name_en || u.name : u.name}</h2>${details(t, u)}</section>`,
  )}</div>`;
}

function leaders(list: readonly LeaderWithPhoto[], lang: 'vi' | 'en', t: OrgText): SafeHtml {
  if (!list.length) return html`<p>${t.noLeaders}</p>`;
  return html`<ul class="org-leaders">${list.map(
    (l) =>
      html`<li class="org-leader">${l.photo ? responsiveImg(l.photo, { sizes: '160px', alt: t.photoOf(l.name), className: 'leader-photo' }) : ''}<div><h2>${l.name}</h2><p class="leader-role">${lang === 'en' ? l.role_en || l.role : l.role}</p>${details(t, l)}</div></li>`,
  )}</ul>`;
}

/** The other Vietnamese pages about the agency, above each of them. */
function orgNav(current: string): SafeHtml {
  return html`<nav class="org-nav" aria-label="${messages.footer.about}"><ul>${ORG_PAGES.map(
    (p) =>
      html`<li><a href="${p.vi}"${p.key === current ? html` aria-current="page"` : ''}>${vi.pages[p.key]}</a></li>`,
  )}</ul></nav>`;
}

function englishLinks(withEnglish: ReadonlySet<string>): SafeHtml | '' {
  const others = ORG_PAGES.filter((p) => p.key !== 'intro' && withEnglish.has(p.key));
  if (!others.length) return '';
  return html`<section class="org-more" aria-labelledby="more-about-us"><h2 id="more-about-us">${en.more}</h2><ul>${others.map(
    (p) => html`<li><a href="${p.en}">${en.pages[p.key]}</a></li>`,
  )}</ul></section>`;
}
