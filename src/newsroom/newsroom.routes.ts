import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRoleAtLeast, type Actor } from '../accounts/roles.js';
import { countByStatus } from '../comments/comments.repo.js';
import { pendingNote } from '../comments/moderation.views.js';
import { articleMeta, articlePage } from '../articles/articles.views.js';
import { coverOf } from '../articles/covers.js';
import { AppError } from '../errors.js';
import { listImageChoices } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { parseVnDateTime } from '../vi/dates.js';
import { requireRole } from '../web/auth.js';
import type { WebContext } from '../app-context.js';
import { csrfField } from '../web/csrf.js';
import { html, type SafeHtml } from '../web/html.js';
import { renderLayout } from '../web/pages.js';
import { sameOriginFramingHeaders } from '../web/security-headers.js';
import {
  compareRevisions,
  createArticle,
  dashboard,
  deleteArticle,
  getArticleForStaff,
  getRevisions,
  listArticlesForStaff,
  publishArticle,
  restoreRevision,
  returnArticle,
  submitArticle,
  unpublishArticle,
  updateArticle,
} from './newsroom.service.js';
import { articleForm } from './newsroom.views.js';
import { articleListPage, dashboardPage, livePreviewPane, revisionsPage, workflowPanel } from './pages.views.js';
import { assertCanOnSite, canOnArticle } from './permissions.js';
import { staffLayout } from './staff-layout.js';
import { canTransition, type WorkflowAction } from './workflow.js';

const p = messages.newsroom.pages;
type Body = Record<string, string | undefined>;
type IdParams = { Params: { id: string } };

const idSchema = z.coerce.number().int().positive().max(2 ** 31);
function idOf(raw: string): number {
  const id = idSchema.safeParse(raw);
  if (!id.success) throw new AppError('not_found', 404, messages.newsroom.errors.articleNotFound);
  return id.data;
}

/** Form fields (all strings) to the shape the service validates. */
function contentFromForm(b: Body) {
  return {
    title: b.title ?? '',
    sapo: b.sapo ?? '',
    bodyHtml: b.bodyHtml ?? '',
    byline: b.byline ?? '',
    categoryId: Number(b.categoryId),
    tags: (b.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    seoTitle: b.seoTitle ?? '',
    seoDescription: b.seoDescription ?? '',
    allowComments: b.allowComments === '1',
    coverMediaId: b.coverMediaId ? Number(b.coverMediaId) : null,
    version: Number(b.version),
  };
}

/** `datetime-local` gives Vietnam wall-clock time "2026-05-23T11:16"; empty means now. */
function publishTimeFromForm(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return (m && parseVnDateTime(`${m[4]}:${m[5]} ${m[3]}/${m[2]}/${m[1]}`)) ?? 'invalid';
}

export async function newsroomRoutes(app: FastifyInstance, ctx: WebContext) {
  const { site } = ctx;
  const deps = site.deps;


  const staff = { preHandler: requireRole('author') };
  const actorOf = (request: FastifyRequest): Actor => request.actor!;

  async function page(request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, opts: { status?: number; section?: string; withEditor?: boolean } = {}) {
    const settings = await site.settings();
    // Editors see the moderation backlog on every staff page, not only in the queue.
    const staffNote = hasRoleAtLeast(request.actor, 'editor') ? pendingNote(await countByStatus(site.db.db, 'pending')) : undefined;
    return reply
      .code(opts.status ?? 200)
      .type('text/html; charset=utf-8')
      .send(staffLayout({ title, siteName: settings.name, actor: request.actor, section: opts.section, body, withEditor: opts.withEditor, staffNote }));
  }

  async function editPage(request: FastifyRequest, reply: FastifyReply, id: number, opts: { error?: AppError; submitted?: Body; notice?: string } = {}) {
    const actor = actorOf(request);
    const { article, tags } = await getArticleForStaff(deps, actor, id);
    const shown = opts.submitted ? { ...article, ...formOverlay(opts.submitted) } : article;
    const csrf = csrfField(request, reply);
    // The FROM states come from the workflow table only, so a button never offers what the service would refuse.
    const offer = (action: WorkflowAction) => canOnArticle(actor, action, article) && canTransition(action, article.status);
    const can = { submit: offer('submit'), return: offer('return'), publish: offer('publish'), unpublish: offer('unpublish'), delete: canOnArticle(actor, 'delete', article) };
    const editable = canOnArticle(actor, 'edit', article);
    const body = html`<h1 class="page-title">${p.editArticle}</h1>
${opts.notice ? html`<p class="form-notice" role="status">${opts.notice}</p>` : ''}
<div class="edit-layout">
<div>${editable
      ? articleForm({
          article: shown,
          tags: opts.submitted ? (opts.submitted.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean) : tags,
          tree: await site.categories(),
          action: `/quan-tri/bai-viet/${id}`,
          autosaveUrl: `/quan-tri/bai-viet/${id}/tu-dong-luu`,
          uploadUrl: '/quan-tri/thu-vien',
          csrfField: csrf,
          covers: await coverChoices(),
          error: opts.error?.publicMessage,
        })
      : html`<p>${messages.newsroom.status[article.status]}: <a href="/quan-tri/bai-viet/${id}/xem-truoc">${article.title}</a></p>`}</div>
${editable ? livePreviewPane(id) : ''}
${workflowPanel(article, can, csrf)}
</div>`;
    return page(request, reply, p.editArticle, body, { status: opts.error?.status, section: '/quan-tri/bai-viet', withEditor: editable });
  }

  async function coverChoices() {
    return (await listImageChoices(site.db, 50)).map((m) => ({ id: m.id, label: m.alt || m.original_name }));
  }

  /** After a workflow POST: back to the article, or its error shown on the article page. */
  async function afterAction(request: FastifyRequest<IdParams>, reply: FastifyReply, run: () => Promise<unknown>) {
    const id = idOf(request.params.id);
    try {
      await run();
    } catch (err) {
      if (err instanceof AppError && err.status < 500 && err.status !== 404 && err.status !== 403) return editPage(request, reply, id, { error: err });
      throw err;
    }
    return reply.redirect(`/quan-tri/bai-viet/${id}`, 303);
  }

  app.get('/quan-tri', staff, async (request, reply) =>
    page(request, reply, p.dashboard, dashboardPage(await dashboard(deps, actorOf(request))), { section: '/quan-tri' }),
  );

  app.get('/quan-tri/bai-viet', staff, async (request, reply) =>
    page(request, reply, p.articles, articleListPage(await listArticlesForStaff(deps, request.actor, request.query)), { section: '/quan-tri/bai-viet' }),
  );

  app.get('/quan-tri/bai-viet/moi', staff, async (request, reply) => {
    assertCanOnSite(request.actor, 'createArticle');
    const form = articleForm({ article: null, tags: [], tree: await site.categories(), action: '/quan-tri/bai-viet', uploadUrl: '/quan-tri/thu-vien', csrfField: csrfField(request, reply), covers: await coverChoices() });
    return page(request, reply, p.newArticle, html`<h1 class="page-title">${p.newArticle}</h1>${form}`, { section: '/quan-tri/bai-viet/moi', withEditor: true });
  });

  app.post<{ Body: Body }>('/quan-tri/bai-viet', staff, async (request, reply) => {
    try {
      const a = await createArticle(deps, request.actor, contentFromForm(request.body));
      return reply.redirect(`/quan-tri/bai-viet/${a.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      // The author's text comes back in the form with the message: nothing typed is lost.
      const form = articleForm({ article: formOverlay(request.body), tags: [], tree: await site.categories(), action: '/quan-tri/bai-viet', uploadUrl: '/quan-tri/thu-vien', csrfField: csrfField(request, reply), covers: await coverChoices(), error: err.publicMessage });
      return page(request, reply, p.newArticle, html`<h1 class="page-title">${p.newArticle}</h1>${form}`, { status: 400, withEditor: true });
    }
  });

  app.get<IdParams & { Querystring: { luu?: string } }>('/quan-tri/bai-viet/:id', staff, async (request, reply) =>
    editPage(request, reply, idOf(request.params.id), { notice: request.query.luu ? p.saved : undefined }),
  );

  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id', staff, async (request, reply) => {
    const id = idOf(request.params.id);
    try {
      await updateArticle(deps, request.actor, id, contentFromForm(request.body));
    } catch (err) {
      if (err instanceof AppError && (err.status === 400 || err.status === 409)) return editPage(request, reply, id, { error: err, submitted: request.body });
      throw err;
    }
    return reply.redirect(`/quan-tri/bai-viet/${id}?luu=1`, 303);
  });

  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/tu-dong-luu', staff, async (request, reply) => {
    const a = await updateArticle(deps, request.actor, idOf(request.params.id), contentFromForm(request.body));
    return reply.send({ version: a.version, savedAt: a.updated_at });
  });

  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/gui', staff, (request, reply) =>
    afterAction(request, reply, () => submitArticle(deps, request.actor, idOf(request.params.id), { version: Number(request.body.version) })),
  );
  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/tra-lai', staff, (request, reply) =>
    afterAction(request, reply, () => returnArticle(deps, request.actor, idOf(request.params.id), { version: Number(request.body.version), note: request.body.note ?? '' })),
  );
  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/xuat-ban', staff, (request, reply) =>
    afterAction(request, reply, () => publishArticle(deps, request.actor, idOf(request.params.id), { version: Number(request.body.version), at: publishTimeFromForm(request.body.at) })),
  );
  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/go', staff, (request, reply) =>
    afterAction(request, reply, () => unpublishArticle(deps, request.actor, idOf(request.params.id), { version: Number(request.body.version) })),
  );
  app.post<IdParams & { Body: Body }>('/quan-tri/bai-viet/:id/xoa', staff, async (request, reply) => {
    await deleteArticle(deps, request.actor, idOf(request.params.id), { version: Number(request.body.version) });
    return reply.redirect('/quan-tri/bai-viet', 303);
  });

  app.get<IdParams>('/quan-tri/bai-viet/:id/xem-truoc', staff, async (request, reply) => {
    const { article, tags } = await getArticleForStaff(deps, request.actor, idOf(request.params.id));
    const [tree, settings, cover] = await Promise.all([site.categories(), site.settings(), coverOf(site.db.db, article)]);
    const category = tree.get(article.category_id)!;
    const body = html`<p class="form-notice" role="status">${p.previewNotice}</p>${articlePage({
      tree,
      siteName: settings.name,
      article: { ...article, comment_count: 0, top_comment_count: 0, published_at: article.published_at ?? site.now().toISOString() },
      cover,
      category,
      tags: tags.map((name) => ({ slug: '', name })),
      related: [],
      comments: html``,
    })}`;
    const full = await renderLayout(site, { meta: { ...articleMeta(article, cover), noindex: true }, body }, request.actor);
    return reply.headers(sameOriginFramingHeaders).type('text/html; charset=utf-8').send(full);
  });

  app.get<IdParams & { Querystring: { tu?: string; den?: string } }>('/quan-tri/bai-viet/:id/phien-ban', staff, async (request, reply) => {
    const id = idOf(request.params.id);
    const actor = actorOf(request);
    const [{ article }, revisions] = await Promise.all([getArticleForStaff(deps, actor, id), getRevisions(deps, actor, id)]);
    const { tu, den } = request.query;
    const comparison = tu && den ? await compareRevisions(deps, actor, id, idOf(tu), idOf(den)) : null;
    const body = revisionsPage(article, revisions, comparison, canOnArticle(actor, 'edit', article), csrfField(request, reply));
    return page(request, reply, p.revisions, body, { section: '/quan-tri/bai-viet' });
  });

  app.post<{ Params: { id: string; rev: string }; Body: Body }>('/quan-tri/bai-viet/:id/phien-ban/:rev/khoi-phuc', staff, (request, reply) =>
    afterAction(request, reply, () => restoreRevision(deps, request.actor, idOf(request.params.id), idOf(request.params.rev), { version: Number(request.body.version) })),
  );
}

/** What the person typed, laid over the stored article when a save is refused. */
function formOverlay(b: Body) {
  return {
    title: b.title ?? '',
    sapo: b.sapo ?? '',
    body_html: b.bodyHtml ?? '',
    byline: b.byline ?? '',
    seo_title: b.seoTitle ?? '',
    seo_description: b.seoDescription ?? '',
    comments_closed: b.allowComments === '1' ? 0 : 1,
    ...(b.categoryId ? { category_id: Number(b.categoryId) } : {}),
  };
}
