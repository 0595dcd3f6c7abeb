import { messages as m } from '../messages/vi.js';
import { assets } from './assets.js';
import { csrfSlot } from './csrf.js';
import { html, type SafeHtml } from './html.js';

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the canonical URL, e.g. /tin-tuc/abc-1.html */
  canonicalPath?: string;
  /** Marks the current section in the menu. */
  activeCategoryId?: number;
  ogType?: 'website' | 'article';
  /** og:image for link previews: a path on this site, made absolute with SITE_URL when it is set. */
  image?: { path: string; width: number; height?: number; alt: string };
  noindex?: boolean;
  /** Where staff edit what this page shows (an article): the staff bar links to it. */
  editPath?: string;
}

/** The site's settings as the shell shows them (src/site's SiteSettings has this shape). */
export interface ShellSettings {
  name: string;
  description: string;
  /** Absolute origin for canonical links, when known. */
  url: string | undefined;
  logoUrl?: string;
  footer?: { address: string; phone: string; responsible: string; licence: string };
}

/** A section in the main menu: it lives at /slug (a category, in src/categories). */
export interface MenuEntry {
  id: number;
  name: string;
  slug: string;
}

/** Who is signed in, as the header names them. */
export interface Viewer {
  displayName: string;
}

/**
 * The staff bar on public pages (like WordPress's admin bar). Only ever in a
 * signed-in response, which is rendered per request and never cached.
 */
export interface StaffBar {
  /** Comments waiting for moderation, for those who moderate; null for others. */
  pendingComments: number | null;
}

export interface LayoutContext {
  settings: ShellSettings;
  menu: readonly MenuEntry[];
  /** Signed-in reader or staff member; such pages are never cached. */
  viewer?: Viewer | null;
  staffBar?: StaffBar | null;
  /** Extra header content for staff pages, e.g. the count of pending comments. */
  staffNote?: SafeHtml;
}

export function layout(ctx: LayoutContext, meta: PageMeta, body: SafeHtml): string {
  const { settings } = ctx;
  const fullTitle = meta.title === settings.name ? settings.name : `${meta.title} - ${settings.name}`;
  const absolute = (path: string) => (settings.url ? settings.url + path : path);
  const canonical = meta.canonicalPath && absolute(meta.canonicalPath);
  const description = meta.description ?? settings.description;
  return (
    '<!doctype html>' +
    html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${description}">
${canonical ? html`<link rel="canonical" href="${canonical}">` : ''}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<meta property="og:site_name" content="${settings.name}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
${canonical ? html`<meta property="og:url" content="${canonical}">` : ''}
${
  meta.image
    ? html`<meta property="og:image" content="${absolute(meta.image.path)}">
<meta property="og:image:width" content="${meta.image.width}">
${meta.image.height ? html`<meta property="og:image:height" content="${meta.image.height}">` : ''}
${meta.image.alt ? html`<meta property="og:image:alt" content="${meta.image.alt}">` : ''}`
    : ''
}
<link rel="stylesheet" href="${assets.css.url}">
<link rel="alternate" type="application/rss+xml" title="${settings.name}" href="/rss.xml">
<link rel="icon" href="${assets.favicon.url}" type="image/svg+xml">
</head>
<body>
<a class="skip-link" href="#noi-dung">${m.skipToContent}</a>
${ctx.staffBar ? staffBarView(ctx.staffBar, meta) : ''}
<header class="site-header">
  <div class="wrap header-top">
    <a class="site-name" href="/">${settings.logoUrl ? html`<img class="site-logo" src="${settings.logoUrl}" alt="" height="40">` : ''}${settings.name}</a>
    <form class="header-search" role="search" action="/tim-kiem" method="get">
      <label class="visually-hidden" for="header-q">${m.search.label}</label>
      <input id="header-q" type="search" name="q" maxlength="200" placeholder="${m.search.title}">
      <button type="submit">${m.search.submit}</button>
    </form>
    ${ctx.viewer ? accountMenu(ctx.viewer) : html`<a class="login-link" href="/dang-nhap">${m.login}</a>`}
  </div>
  <nav class="site-nav" aria-label="${m.siteNav}">
    <input type="checkbox" id="menu-open" class="menu-open visually-hidden" aria-label="${m.staffTools.menu}">
    <label class="menu-button" for="menu-open">${m.staffTools.menu}</label>
    <ul class="wrap">
      <li><a href="/"${meta.activeCategoryId === undefined && meta.canonicalPath === '/' ? html` aria-current="page"` : ''}>${m.home}</a></li>
      ${ctx.menu.map(
        (c) =>
          html`<li><a href="/${c.slug}"${meta.activeCategoryId === c.id ? html` aria-current="page"` : ''}>${c.name}</a></li>`,
      )}
    </ul>
  </nav>
</header>
${ctx.staffNote ?? ''}
<main id="noi-dung" class="wrap">
${body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p class="footer-name">${settings.name}</p>
    <p>${settings.description}</p>
    ${footerLines(settings)}
    <p class="powered">${m.footer.poweredBy}</p>
  </div>
</footer>
</body>
</html>
`
  );
}

function staffBarView(bar: StaffBar, meta: PageMeta): SafeHtml {
  const t = m.staffTools;
  return html`<nav class="staff-bar" aria-label="${t.bar}"><ul class="wrap">
<li><a href="/quan-tri">${t.admin}</a></li>
${meta.editPath ? html`<li><a href="${meta.editPath}">${t.editArticle}</a></li>` : ''}
<li><a href="/quan-tri/bai-viet/moi">${t.newArticle}</a></li>
${bar.pendingComments !== null ? html`<li><a href="/quan-tri/y-kien">${t.pendingComments(bar.pendingComments)}</a></li>` : ''}
</ul></nav>`;
}

function accountMenu(viewer: Viewer): SafeHtml {
  return html`<div class="account-menu">
      <a class="login-link account-name" href="/tai-khoan">${viewer.displayName}</a>
      <form method="post" action="/dang-xuat">${csrfSlot}<button type="submit" class="link-button">${m.auth.logout}</button></form>
    </div>`;
}

/** The lines Vietnamese sites print at the foot of every page: address, phone, who is responsible, the licence. */
function footerLines(settings: ShellSettings): SafeHtml[] {
  const f = settings.footer;
  if (!f) return [];
  return [
    f.address ? html`<p>${m.footer.address}: ${f.address}</p>` : null,
    f.phone ? html`<p>${m.footer.phone}: ${f.phone}</p>` : null,
    f.responsible ? html`<p>${m.footer.responsible}: ${f.responsible}</p>` : null,
    f.licence ? html`<p>${f.licence}</p>` : null,
  ].filter((line): line is SafeHtml => line !== null);
}
