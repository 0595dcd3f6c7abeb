import type { FastifyInstance } from 'fastify';
import { messages as m } from '../messages/vi.js';
import type { WebContext } from '../web/context.js';
import { html } from '../web/html.js';
import { sendPublicPage } from '../web/pages.js';

// Accounts are not built yet: the login link leads to an honest notice, not a fake form.
export async function accountRoutes(app: FastifyInstance, ctx: WebContext) {
  app.get('/dang-nhap', (request, reply) =>
    sendPublicPage(request, reply, ctx, '/dang-nhap', async () => ({
      meta: { title: m.loginPage.title, canonicalPath: '/dang-nhap', noindex: true },
      body: html`<h1 class="page-title">${m.loginPage.title}</h1>
<p>${m.loginPage.soon}</p>
<p><a href="/">${m.loginPage.back}</a></p>`,
    })),
  );
}
