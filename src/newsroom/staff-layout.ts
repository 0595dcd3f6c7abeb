import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { messages } from '../messages/vi.js';
import { assets } from '../web/assets.js';
import { html, type SafeHtml } from '../web/html.js';
import { canOnSite } from '../accounts/permissions.js';

const nav = messages.newsroom.nav;

export interface StaffPage {
  title: string;
  siteName: string;
  actor: Actor | null;
  /** Path of the current section, to mark it in the menu. */
  section?: string;
  body: SafeHtml;
  /** The editor bundle, only on pages that edit an article. */
  withEditor?: boolean;
  /** A line under the header, e.g. the count of comments waiting for moderation. */
  staffNote?: SafeHtml;
  /** The hidden CSRF field for the sign-out form. */
  csrfField?: SafeHtml;
  /** What the last action did, shown once after its redirect (see flash.ts). */
  flash?: SafeHtml;
}

/** The back office shell: no public menu, never indexed, its scripts only from files, never inline. */
export function staffLayout(p: StaffPage): string {
  const links: [string, string, boolean][] = [
    ['/quan-tri', nav.dashboard, true],
    ['/quan-tri/bai-viet', nav.articles, true],
    ['/quan-tri/bai-viet/moi', nav.newArticle, true],
    ['/quan-tri/thu-vien', nav.media, true],
    ['/quan-tri/van-ban', nav.documents, true],
    ['/quan-tri/y-kien', nav.comments, hasRoleAtLeast(p.actor, 'editor')],
    ['/quan-tri/chuyen-muc', nav.categories, canOnSite(p.actor, 'manageCategories')],
    ['/quan-tri/chuyen-huong', nav.redirects, hasRoleAtLeast(p.actor, 'editor')],
    ['/quan-tri/nguoi-dung', nav.users, canOnSite(p.actor, 'manageUsers')],
    ['/quan-tri/to-chuc', nav.organisation, canOnSite(p.actor, 'manageOrganisation')],
    ['/quan-tri/cai-dat', nav.settings, canOnSite(p.actor, 'manageSettings')],
    ['/quan-tri/nhat-ky', nav.audit, canOnSite(p.actor, 'viewAudit')],
    ['/quan-tri/webhook', nav.webhooks, canOnSite(p.actor, 'manageSettings')],
    ['/quan-tri/thung-rac', nav.trash, hasRoleAtLeast(p.actor, 'editor')],
  ];
  return (
    '<!doctype html>' +
    html`<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${p.title} - ${nav.label} - ${p.siteName}</title>
<link rel="stylesheet" href="${assets.css.url}">
<link rel="stylesheet" href="${assets.adminCss.url}">
<link rel="icon" href="${assets.favicon.url}" type="image/svg+xml">
<script src="${assets.admin.url}" defer></script>
${p.withEditor ? html`<script src="${assets.editor.url}" defer></script>` : ''}
</head>
<body class="staff">
<a class="skip-link" href="#noi-dung">${messages.skipToContent}</a>
<header class="site-header">
  <div class="wrap header-top">
    <a class="site-name" href="/quan-tri">${p.siteName} · ${nav.label}</a>
    <div class="account-menu">
      <a class="login-link" href="/">${nav.viewSite}</a>
      ${p.actor ? html`<a class="login-link account-name" href="/tai-khoan">${p.actor.displayName}</a>` : ''}
      <form method="post" action="/dang-xuat">${p.csrfField ?? ''}<button type="submit" class="link-button">${messages.staffTools.logout}</button></form>
    </div>
  </div>
  <nav class="site-nav" aria-label="${nav.label}">
    <ul class="wrap">
      ${links
        .filter(([, , shown]) => shown)
        .map(
          ([href, label]) =>
            html`<li><a href="${href}"${p.section === href ? html` aria-current="page"` : ''}>${label}</a></li>`,
        )}
    </ul>
  </nav>
</header>
${p.staffNote ?? ''}
<main id="noi-dung" class="wrap">
${p.flash ?? ''}
${p.body}
</main>
</body>
</html>
`
  );
}
