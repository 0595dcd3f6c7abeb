import type { FastifyInstance } from 'fastify';
import type { WebContext } from '../app-context.js';
import { notFound } from '../errors.js';
import { messages } from '../messages/vi.js';
import { sendPublicPage, type PublicRender } from '../web/pages.js';
import { englishMenu, ORG_PAGES, type OrgPageDef } from './org-pages.js';
import type { OrgLang } from './organisation.schema.js';
import { loadOrgPage } from './organisation.service.js';
import { orgPageBody } from './organisation.views.js';

/** The organisation's public pages: Vietnamese at /gioi-thieu…, English under /en/. Cached like any public page. */
export async function organisationRoutes(app: FastifyInstance, ctx: WebContext) {
  async function render(def: OrgPageDef, lang: OrgLang): Promise<PublicRender> {
    const [view, settings] = await Promise.all([loadOrgPage(ctx.site.db, def.key, lang), ctx.site.settings()]);
    // /en/ always answers (it is the English home); another English page only once it is written.
    if (lang === 'en' && !view.content && def.key !== 'intro') throw notFound(messages.errors.notFound);
    const f = settings.footer;
    const e = lang === 'en' ? settings.english : undefined;
    const { title, body } = orgPageBody(view, {
      agency: e?.agency || f?.agency || settings.name,
      address: e?.address || f?.address || '',
      phone: f?.phone ?? '',
      email: f?.email ?? '',
    });
    const both = view.withEnglish.has(def.key);
    return {
      meta: {
        title,
        canonicalPath: def[lang],
        lang,
        alternates: both ? { vi: def.vi, en: def.en } : undefined,
        englishMenu: lang === 'en' ? englishMenu(view.withEnglish) : undefined,
      },
      body,
    };
  }
  for (const def of ORG_PAGES) {
    for (const lang of ['vi', 'en'] as const) {
      app.get(def[lang], (request, reply) => sendPublicPage(request, reply, ctx, def[lang], () => render(def, lang)));
    }
  }
}
