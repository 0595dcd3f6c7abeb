import { en } from '../messages/en.js';
import { messages as m } from '../messages/vi.js';
import { assets } from './assets.js';
import { csrfSlot } from './csrf.js';
import { html, type SafeHtml } from './html.js';
import { jsonLdScript } from './json-ld.js';
import { readerPrefsControls } from './reader-prefs.js';

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
  /** English pages (/en/) get the English shell: lang="en", the English header, menu and footer. */
  lang?: Lang;
  /** The same page in the other language: hreflang links in the head, and where the language switch goes. */
  alternates?: { vi: string; en: string };
  /** The English shell's menu: the English pages that exist. Vietnamese pages show the categories. */
  englishMenu?: readonly NavLink[];
  /** schema.org objects (NewsArticle, BreadcrumbList, WebSite…), each written as a JSON-LD data block in <head>. */
  structuredData?: readonly object[];
  /** Where staff edit what this page shows (an article): the staff bar links to it. */
  editPath?: string;
}

export type Lang = 'vi' | 'en';

export interface NavLink {
  href: string;
  label: string;
}

/** The site's settings as the shell shows them (src/site's SiteSettings has this shape). */
export interface ShellSettings {
  name: string;
  description: string;
  /** Absolute origin for canonical links, when known. */
  url: string | undefined;
  logoUrl?: string;
  logoSize?: { width: number; height: number };
  footer?: ShellFooter;
  /** The English pages' name, description, agency and address; an empty one falls back to the Vietnamese. */
  english?: { name: string; description: string; agency: string; address: string };
  /** Links to the organisation's pages (giới thiệu, liên hệ, …), in the Vietnamese footer. */
  about?: readonly NavLink[];
}

/** The lines a portal must print at its foot: who runs it, how to reach them, who answers for the content, the licence. */
export interface ShellFooter {
  agency: string;
  address: string;
  phone: string;
  email: string;
  responsible: string;
  licence: string;
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
  /** Comments waiting for moderation, for those who moderate; null for others. Shown only above 0: a "0 waiting"
   * link on every page teaches staff to ignore it. */
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

/** The default logo's size: src/web/assets/emblem.svg is drawn on a 64 × 64 grid. */
const EMBLEM_SIZE = 64;

/** What differs between the Vietnamese and the English shell. */
interface Shell {
  lang: Lang;
  name: string;
  description: string;
  agency: string;
  address: string;
  home: string;
  menu: SafeHtml;
  /** The language switch: the other language's name, in that language, and the page it goes to. */
  other: { lang: Lang; label: string; href: string };
  skipToContent: string;
  navLabel: string;
  footerText: Record<'address' | 'phone' | 'email' | 'responsible' | 'poweredBy', string>;
  footerLinks: readonly NavLink[];
}

function shellFor(ctx: LayoutContext, meta: PageMeta): Shell {
  const { settings } = ctx;
  const f = settings.footer;
  if (meta.lang === 'en') {
    const e = settings.english;
    const menu = meta.englishMenu ?? [];
    return {
      lang: 'en',
      name: e?.name || settings.name,
      description: e?.description || settings.description,
      agency: e?.agency || f?.agency || '',
      address: e?.address || f?.address || '',
      home: '/en/',
      menu: html`${menu.map((l) => html`<li><a href="${l.href}"${meta.canonicalPath === l.href ? html` aria-current="page"` : ''}>${l.label}</a></li>`)}`,
      other: { lang: 'vi', label: en.vietnamese, href: meta.alternates?.vi ?? '/' },
      skipToContent: en.skipToContent,
      navLabel: en.siteNav,
      footerText: en.footer,
      footerLinks: menu,
    };
  }
  return {
    lang: 'vi',
    name: settings.name,
    description: settings.description,
    agency: f?.agency ?? '',
    address: f?.address ?? '',
    home: '/',
    menu: html`<li><a href="/"${meta.activeCategoryId === undefined && meta.canonicalPath === '/' ? html` aria-current="page"` : ''}>${m.home}</a></li>
      ${ctx.menu.map(
        (c) =>
          html`<li><a href="/${c.slug}"${meta.activeCategoryId === c.id ? html` aria-current="page"` : ''}>${c.name}</a></li>`,
      )}`,
    // A page without an English version sends the reader to the English introduction.
    other: { lang: 'en', label: m.english, href: meta.alternates?.en ?? '/en/' },
    skipToContent: m.skipToContent,
    navLabel: m.siteNav,
    footerText: m.footer,
    footerLinks: settings.about ?? [],
  };
}

export function layout(ctx: LayoutContext, meta: PageMeta, body: SafeHtml): string {
  const { settings } = ctx;
  const shell = shellFor(ctx, meta);
  const fullTitle = meta.title === shell.name ? shell.name : `${meta.title} - ${shell.name}`;
  const absolute = (path: string) => (settings.url ? settings.url + path : path);
  const canonical = meta.canonicalPath && absolute(meta.canonicalPath);
  const description = meta.description ?? shell.description;
  const alt = meta.alternates;
  return (
    '<!doctype html>' +
    html`<html lang="${shell.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${description}">
${canonical ? html`<link rel="canonical" href="${canonical}">` : ''}
${
  alt
    ? html`<link rel="alternate" hreflang="vi" href="${absolute(alt.vi)}">
<link rel="alternate" hreflang="en" href="${absolute(alt.en)}">
<link rel="alternate" hreflang="x-default" href="${absolute(alt.vi)}">`
    : ''
}
${meta.noindex ? html`<meta name="robots" content="noindex">` : ''}
<meta property="og:site_name" content="${shell.name}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
${shell.lang === 'en' ? html`<meta property="og:locale" content="en_US">` : html`<meta property="og:locale" content="vi_VN">`}
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
<script src="${assets.reader.url}"></script>
<link rel="alternate" type="application/rss+xml" title="${settings.name}" href="/rss.xml">
<link rel="icon" href="${assets.favicon.url}" type="image/svg+xml">
<script src="${assets.stats.url}" defer></script>
${meta.structuredData ? meta.structuredData.map(jsonLdScript) : ''}
</head>
<body>
<a class="skip-link" href="#noi-dung">${shell.skipToContent}</a>
${ctx.staffBar ? staffBarView(ctx.staffBar, meta) : ''}
<header class="site-header">
  <div class="wrap header-top">
    ${banner(settings, shell)}
    ${
      shell.lang === 'vi'
        ? html`<form class="header-search" role="search" action="/tim-kiem" method="get">
      <label class="visually-hidden" for="header-q">${m.search.label}</label>
      <input id="header-q" type="search" name="q" maxlength="200" placeholder="${m.search.title}">
      <button type="submit">${m.search.submit}</button>
    </form>`
        : ''
    }
    <div class="header-account">${accountLinks(shell, ctx.viewer)}</div>
  </div>
  <nav class="site-nav" aria-label="${shell.navLabel}">
    <input type="checkbox" id="menu-open" class="menu-open visually-hidden" aria-label="${m.staffTools.menu}">
    <label class="menu-button" for="menu-open">${m.staffTools.menu}</label>
    <ul class="wrap">
      ${shell.menu}
      ${shell.lang === 'vi' ? html`<li class="nav-prefs">${readerPrefsControls(meta.canonicalPath)}</li>` : ''}
    </ul>
  </nav>
</header>
${ctx.staffNote ?? ''}
<main id="noi-dung" class="wrap">
${body}
</main>
<footer class="site-footer">
  <div class="wrap">
    <p class="footer-name">${shell.agency || shell.name}</p>
    <p>${shell.description}</p>
    ${footerLines(settings.footer, shell)}
    ${
      shell.footerLinks.length
        ? html`<nav class="footer-links" aria-label="${shell.lang === 'en' ? en.more : m.footer.about}"><ul>${shell.footerLinks.map(
            (l) => html`<li><a href="${l.href}">${l.label}</a></li>`,
          )}</ul></nav>`
        : ''
    }
    ${shell.lang === 'vi' ? html`<p><a href="/rss">${m.feeds.title}</a></p>` : ''}
    <p class="powered">${shell.footerText.poweredBy}</p>
  </div>
</footer>
</body>
</html>
`
  );
}

/**
 * The banner: the organisation's logo and the site's name. The logo always has
 * its width and height, so nothing moves when it arrives; its alt is empty
 * because the name beside it, inside the same link, already says what it is.
 */
function banner(settings: ShellSettings, shell: Shell): SafeHtml {
  const logo = settings.logoUrl
    ? { src: settings.logoUrl, width: settings.logoSize?.width, height: settings.logoSize?.height ?? EMBLEM_SIZE }
    : { src: assets.emblem.url, width: EMBLEM_SIZE, height: EMBLEM_SIZE };
  const agency = shell.agency && shell.agency !== shell.name ? shell.agency : '';
  return html`<a class="site-brand" href="${shell.home}"><img class="site-logo" src="${logo.src}" alt=""${logo.width ? html` width="${logo.width}"` : ''} height="${logo.height}"><span class="site-title"><span class="site-name">${shell.name}</span>${agency ? html`<span class="site-agency">${agency}</span>` : ''}</span></a>`;
}

function staffBarView(bar: StaffBar, meta: PageMeta): SafeHtml {
  const t = m.staffTools;
  return html`<nav class="staff-bar" aria-label="${t.bar}"><ul class="wrap">
<li><a href="/quan-tri">${t.admin}</a></li>
${meta.editPath ? html`<li><a href="${meta.editPath}">${t.editArticle}</a></li>` : ''}
<li><a href="/quan-tri/bai-viet/moi">${t.newArticle}</a></li>
${bar.pendingComments ? html`<li><a href="/quan-tri/y-kien">${t.pendingComments(bar.pendingComments)}</a></li>` : ''}
</ul></nav>`;
}

/** The language switch, sign-in and sign-up (or the reader's name); on a phone, CSS sets them beside the menu button. */
function accountLinks(shell: Shell, viewer: Viewer | null | undefined): SafeHtml {
  return html`<a class="lang-switch" href="${shell.other.href}" hreflang="${shell.other.lang}" lang="${shell.other.lang}">${shell.other.label}</a>
    ${shell.lang === 'en' ? '' : viewer ? accountMenu(viewer) : html`<a class="login-link" href="/dang-nhap">${m.login}</a><a class="login-link" href="/dang-ky">${m.register}</a>`}`;
}

function accountMenu(viewer: Viewer): SafeHtml {
  return html`<div class="account-menu">
      <a class="login-link account-name" href="/tai-khoan">${viewer.displayName}</a>
      <form method="post" action="/dang-xuat">${csrfSlot}<button type="submit" class="link-button">${m.auth.logout}</button></form>
    </div>`;
}

/** The footer lines from the settings, labelled in the page's language. */
function footerLines(f: ShellFooter | undefined, shell: Shell): SafeHtml[] {
  if (!f) return [];
  const t = shell.footerText;
  // These lines have no English field: on an English page they are marked as Vietnamese, for screen readers.
  const vi = (text: string) => (shell.lang === 'en' ? html`<span lang="vi">${text}</span>` : text);
  return [
    shell.address ? html`<p>${t.address}: ${shell.address}</p>` : null,
    f.phone ? html`<p>${t.phone}: ${f.phone}</p>` : null,
    f.email ? html`<p>${t.email}: <a href="mailto:${f.email}">${f.email}</a></p>` : null,
    f.responsible ? html`<p>${t.responsible}: ${vi(f.responsible)}</p>` : null,
    f.licence ? html`<p>${vi(f.licence)}</p>` : null,
  ].filter((line): line is SafeHtml => line !== null);
}
