import { en } from '../messages/en.js';
import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from './html.js';
import type { Lang } from './layout.js';

export function errorPage(title: string, message: string, lang: Lang = 'vi'): SafeHtml {
  const back =
    lang === 'en' ? html`<a href="/en/">${en.errors.backHome}</a>` : html`<a href="/">${m.errors.backHome}</a>`;
  return html`<h1 class="page-title">${title}</h1>
<p class="error-message">${message}</p>
<p>${back}</p>`;
}
