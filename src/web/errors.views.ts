import { messages as m } from '../messages/vi.js';
import { html, type SafeHtml } from './html.js';

export function errorPage(title: string, message: string): SafeHtml {
  return html`<h1 class="page-title">${title}</h1>
<p class="error-message">${message}</p>
<p><a href="/">${m.errors.backHome}</a></p>`;
}
