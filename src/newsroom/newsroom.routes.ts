import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../app-context.js';
import { articleMeta, articlePage } from '../articles/articles.views.js';
import { coverOf } from '../articles/covers.js';
import { idFromPath } from '../errors.js';
import { listImageChoices } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { parseVnDateTime } from '../vi/dates.js';
import { csrfField } from '../web/csrf.js';
import { html, type SafeHtml } from '../web/html.js';
import { renderLayout } from '../web/pages.js';
import { withFormErrors } from '../web/request-info.js';
import { sameOriginFramingHeaders } from '../web/security-headers.js';
import {
  compareRevisions,
  createArticle,
  dashboard,
  ARTICLE_LIST_PAGE_SIZE,
  bulkArticles,
  deleteArticle,
  titlesForStaff,
  getArticleForStaff,
  getRevisions,
  getWorkflowEvents,
  listArticlesForStaff,
  publishArticle,
  restoreRevision,
  returnArticle,
  submitArticle,
  unpublishArticle,
  updateArticle,
  withdrawArticle,
} from './newsroom.service.js';
import { articleForm } from './newsroom.views.js';
import { articleListPage, dashboardPage, livePreviewPane, revisionsPage, workflowPanel } from './pages.views.js';
import { assertCanOnSite, canOnArticle } from '../accounts/permissions.js';
import { isConfirmed, sendConfirmPage, sendStaffPage, staffOnly, type StaffPageOptions } from './staff-page.js';
import { redirectWithFlash, type Flash } from '../web/flash.js';
import { formatVnDateTime } from '../vi/dates.js';
import { canTransition, type WorkflowAction } from './workflow.js';
import { backToList, chosenAction, selectedIds, someNames } from './bulk-actions.js';
import { undoTrash } from '../trash/trash.views.js';

const p = messages.newsroom.pages;
const l = messages.lists;
const LIST = '/quan-tri/bai-viet';
const BULK_ACTIONS = ['publish', 'unpublish', 'trash'] as const;
type Body = Record<string, string | undefined>;
type ArticleRoute = {
  Params: { id: string; rev?: string };
  Body: Body;
  Querystring: { luu?: string; tu?: string; den?: string };
};
type ArticleRequest = FastifyRequest<ArticleRoute>;

const articleId = (raw: string) => idFromPath(raw, messages.newsroom.errors.articleNotFound);
const revisionId = (raw: string | undefined) => idFromPath(raw ?? '', messages.newsroom.errors.revisionNotFound);

/** Form fields (all strings) to the shape the service validates. */
function contentFromForm(b: Body) {
  return {
    title: b.title ?? '',
    sapo: b.sapo ?? '',
    bodyHtml: b.bodyHtml ?? '',
    byline: b.byline ?? '',
    categoryId: Number(b.categoryId),
    tags: tagsFromForm(b),
    seoTitle: b.seoTitle ?? '',
    seoDescription: b.seoDescription ?? '',
    allowComments: b.allowComments === '1',
    coverMediaId: b.coverMediaId ? Number(b.coverMediaId) : null,
    featured: b.featured === '1',
    version: Number(b.version),
  };
}

/**
 * Vietnam wall-clock time as the site writes it, "11:16 23/05/2018", or with the day first; a
 * `datetime-local` value ("2018-05-23T11:16") from older pages is still taken. Empty means now.
 */
function publishTimeFromForm(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const dayFirst = /^(\d{1,2}\/\d{1,2}\/\d{4})\s+(\d{1,2}:\d{2})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  const timeFirst = dayFirst
    ? `${dayFirst[2]} ${dayFirst[1]}`
    : iso
      ? `${iso[4]}:${iso[5]} ${iso[3]}/${iso[2]}/${iso[1]}`
      : text;
  return parseVnDateTime(timeFirst) ?? 'invalid';
}

export async function newsroomRoutes(app: FastifyInstance, { site }: WebContext) {
  const deps = site.deps;
  const page = (request: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, opts?: StaffPageOptions) =>
    sendStaffPage(site, request, reply, title, body, opts);

  async function coverChoices() {
    return (await listImageChoices(site.db, 50)).map((m) => ({ id: m.id, label: m.alt || m.original_name }));
  }

  async function newArticlePage(
    request: FastifyRequest,
    reply: FastifyReply,
    refused?: { error: string; status: number; submitted: Body },
  ) {
    assertCanOnSite(request.actor, 'createArticle');
    const form = articleForm({
      article: refused ? formOverlay(refused.submitted) : null,
      tags: [],
      tree: await site.categories(),
      action: '/quan-tri/bai-viet',
      uploadUrl: '/quan-tri/thu-vien',
      csrfField: csrfField(request, reply),
      covers: await coverChoices(),
      error: refused?.error,
    });
    const section = refused ? undefined : '/quan-tri/bai-viet/moi';
    return page(request, reply, p.newArticle, html`<h1 class="page-title">${p.newArticle}</h1>${form}`, {
      status: refused?.status,
      section,
      withEditor: true,
    });
  }

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    opts: { error?: string; status?: number; submitted?: Body; notice?: string } = {},
  ) {
    const actor = request.actor;
    const { article, tags } = await getArticleForStaff(deps, actor, id);
    const shown = opts.submitted ? { ...article, ...formOverlay(opts.submitted) } : article;
    const csrf = csrfField(request, reply);
    // The FROM states come from the workflow table only, so a button never offers what the service would refuse.
    const trashed = article.trashed_at !== null;
    const offer = (action: WorkflowAction) =>
      !trashed && canOnArticle(actor, action, article) && canTransition(action, article.status);
    const can = {
      submit: offer('submit'),
      withdraw: offer('withdraw'),
      return: offer('return'),
      publish: offer('publish'),
      unpublish: offer('unpublish'),
      delete: !trashed && canOnArticle(actor, 'delete', article),
    };
    const editable = !trashed && canOnArticle(actor, 'edit', article);
    const body = html`<h1 class="page-title">${p.editArticle}</h1>
${opts.notice ? html`<p class="form-notice" role="status">${opts.notice}</p>` : ''}
${trashed ? html`<p class="form-error" role="alert">${messages.newsroom.errors.inTrash} <a href="/quan-tri/thung-rac?loai=bai-viet">${messages.trash.open}</a></p>` : ''}
<div class="edit-layout">
<div>${
      editable
        ? articleForm({
            article: shown,
            tags: opts.submitted ? tagsFromForm(opts.submitted) : tags,
            tree: await site.categories(),
            action: `/quan-tri/bai-viet/${id}`,
            autosaveUrl: `/quan-tri/bai-viet/${id}/tu-dong-luu`,
            uploadUrl: '/quan-tri/thu-vien',
            csrfField: csrf,
            covers: await coverChoices(),
            error: opts.error,
          })
        : html`<p>${messages.newsroom.status[article.status]}: <a href="/quan-tri/bai-viet/${id}/xem-truoc">${article.title}</a></p>`
    }</div>
${editable ? livePreviewPane(id) : ''}
${workflowPanel(article, can, csrf)}
</div>`;
    return page(request, reply, p.editArticle, body, {
      status: opts.status,
      section: '/quan-tri/bai-viet',
      withEditor: editable,
    });
  }

  /**
   * A form POST on one article: back to the article saying what happened (POST → redirect → GET),
   * or the refusal shown on the article page (with what was typed, for saves).
   */
  const onArticle =
    <T>(
      run: (request: ArticleRequest, id: number) => Promise<T>,
      said: (result: T, id: number) => Flash,
      keepTyped = false,
    ) =>
    (request: ArticleRequest, reply: FastifyReply) => {
      const id = articleId(request.params.id);
      return withFormErrors(
        reply,
        async () => redirectWithFlash(reply, toArticle(id), said(await run(request, id), id)),
        (error, status) =>
          editPage(request, reply, id, { error, status, submitted: keepTyped ? request.body : undefined }),
      );
    };
  const toArticle = (id: number) => `/quan-tri/bai-viet/${id}`;
  const version = (request: ArticleRequest) => Number(request.body.version);

  async function create(request: FastifyRequest<{ Body: Body }>, reply: FastifyReply) {
    // The author's text comes back in the form with the message: nothing typed is lost. Saved, the article's own
    // page says so once, like every later save: a first "Lưu nháp" that said nothing left authors unsure it had worked.
    return withFormErrors(
      reply,
      async () => {
        const a = await createArticle(deps, request.actor, contentFromForm(request.body));
        return redirectWithFlash(reply, toArticle(a.id), { text: p.draftCreated(a.title) });
      },
      (error, status) => newArticlePage(request, reply, { error, status, submitted: request.body }),
    );
  }

  async function autosave(request: ArticleRequest, reply: FastifyReply) {
    const a = await updateArticle(deps, request.actor, articleId(request.params.id), contentFromForm(request.body));
    return reply.send({ version: a.version, savedAt: a.updated_at });
  }

  async function remove(request: ArticleRequest, reply: FastifyReply) {
    const id = articleId(request.params.id);
    const { article } = await getArticleForStaff(deps, request.actor, id);
    if (!isConfirmed(request.body))
      return sendConfirmPage(site, request, reply, {
        title: p.confirmDeleteTitle,
        question: p.confirmDelete(article.title),
        action: `${toArticle(id)}/xoa`,
        fields: { version: String(version(request)) },
        confirmLabel: p.delete,
        cancelHref: toArticle(id),
      });
    const batch = await deleteArticle(deps, request.actor, id, { version: version(request) });
    return redirectWithFlash(reply, LIST, { text: p.deleted(article.title), undo: undoTrash(batch) });
  }

  /** Publish, unpublish or trash the ticked articles: asked once, then back to the list as it was. */
  async function bulk(request: FastifyRequest<{ Body: Body }>, reply: FastifyReply) {
    const back = backToList(request.body, LIST);
    return withFormErrors(
      reply,
      async () => {
        const action = chosenAction(request.body, BULK_ACTIONS);
        const ids = selectedIds(request.body, ARTICLE_LIST_PAGE_SIZE);
        const label = l.articleActions[action];
        if (!isConfirmed(request.body)) {
          const titles = await titlesForStaff(deps, request.actor, ids);
          return sendConfirmPage(site, request, reply, {
            title: l.confirmTitle,
            question: l.confirmArticles(label, ids.length, someNames(titles)),
            action: `${LIST}/hang-loat`,
            fields: { action, ids: ids.join(','), tiep: back },
            confirmLabel: label,
            cancelHref: back,
          });
        }
        const r = await bulkArticles(deps, request.actor, action, ids);
        const text = [action === 'trash' ? l.articlesTrashed(r.done) : l.articlesDone(label, r.done)];
        if (r.skipped) text.push(l.articlesSkipped(r.skipped));
        return redirectWithFlash(reply, back, {
          text: text.join(' '),
          undo: r.batch ? undoTrash(r.batch, back) : undefined,
        });
      },
      async (error) => redirectWithFlash(reply, back, { text: error, error: true }),
    );
  }

  async function preview(request: ArticleRequest, reply: FastifyReply) {
    const { article, tags } = await getArticleForStaff(deps, request.actor, articleId(request.params.id));
    const [tree, settings, cover] = await Promise.all([
      site.categories(),
      site.settings(),
      coverOf(site.db.kysely, article),
    ]);
    const category = tree.get(article.category_id)!;
    const body = html`<p class="form-notice" role="status">${p.previewNotice}</p>${articlePage({
      tree,
      siteName: settings.name,
      article: {
        ...article,
        comment_count: 0,
        top_comment_count: 0,
        published_at: article.published_at ?? site.now().toISOString(),
      },
      cover,
      category,
      tags: tags.map((name) => ({ slug: '', name })),
      related: [],
      comments: html``,
    })}`;
    const full = await renderLayout(
      site,
      { meta: { ...articleMeta(article, cover), noindex: true }, body },
      request.actor,
    );
    return reply.headers(sameOriginFramingHeaders).type('text/html; charset=utf-8').send(full);
  }

  async function revisions(request: ArticleRequest, reply: FastifyReply) {
    const id = articleId(request.params.id);
    const actor = request.actor;
    const [{ article }, list, events] = await Promise.all([
      getArticleForStaff(deps, actor, id),
      getRevisions(deps, actor, id),
      getWorkflowEvents(deps, actor, id),
    ]);
    const { tu, den } = request.query;
    const comparison = tu && den ? await compareRevisions(deps, actor, id, revisionId(tu), revisionId(den)) : null;
    const body = revisionsPage(
      article,
      list,
      events,
      comparison,
      canOnArticle(actor, 'edit', article),
      csrfField(request, reply),
    );
    return page(request, reply, p.revisions, body, { section: '/quan-tri/bai-viet' });
  }

  // Workflow steps: each runs one service call, then goes back to the article (or shows the refusal on it).
  const said = (text: string) => () => ({ text });
  const save = onArticle(
    (req, id) => updateArticle(deps, req.actor, id, contentFromForm(req.body)),
    said(p.saved),
    true,
  );
  const submit = onArticle(
    (req, id) => submitArticle(deps, req.actor, id, { version: version(req) }),
    (a, id) => ({
      text: p.submitted,
      undo: { action: `${toArticle(id)}/rut-lai`, label: p.withdraw, fields: { version: String(a.version) } },
    }),
  );
  const withdraw = onArticle(
    (req, id) => withdrawArticle(deps, req.actor, id, { version: version(req) }),
    said(p.withdrawn),
  );
  const sendBack = onArticle(
    (req, id) => returnArticle(deps, req.actor, id, { version: version(req), note: req.body.note ?? '' }),
    said(p.returned),
  );
  const publish = onArticle(
    (req, id) => publishArticle(deps, req.actor, id, { version: version(req), at: publishTimeFromForm(req.body.at) }),
    (a) => ({
      text: a.schedule_pending && a.published_at ? p.scheduledDone(formatVnDateTime(a.published_at)) : p.publishedNow,
    }),
  );
  const unpublish = onArticle(
    (req, id) => unpublishArticle(deps, req.actor, id, { version: version(req) }),
    said(p.unpublished),
  );
  const restore = onArticle(
    (req, id) => restoreRevision(deps, req.actor, id, revisionId(req.params.rev), { version: version(req) }),
    said(p.restored),
  );
  const dashboardView = async (req: FastifyRequest, reply: FastifyReply) =>
    page(req, reply, p.dashboard, dashboardPage(await dashboard(deps, req.actor!)), { section: '/quan-tri' });
  const listView = async (req: FastifyRequest, reply: FastifyReply) =>
    withFormErrors(
      reply,
      async () =>
        page(
          req,
          reply,
          p.articles,
          articleListPage(await listArticlesForStaff(deps, req.actor, req.query), csrfField(req, reply), req.url),
          {
            section: LIST,
          },
        ),
      // A bad filter: the whole list, unfiltered, under a notice saying so (never an error page).
      async (error, status) =>
        page(
          req,
          reply,
          p.articles,
          html`<p class="form-error" role="alert">${error}</p>${articleListPage(await listArticlesForStaff(deps, req.actor, {}), csrfField(req, reply), LIST)}`,
          {
            section: LIST,
            status,
          },
        ),
    );
  const editView = (req: ArticleRequest, reply: FastifyReply) =>
    editPage(req, reply, articleId(req.params.id), { notice: req.query.luu ? p.saved : undefined });

  const A = '/quan-tri/bai-viet/:id';
  app.get('/quan-tri', staffOnly, dashboardView);
  app.get('/quan-tri/bai-viet', staffOnly, listView);
  app.get('/quan-tri/bai-viet/moi', staffOnly, (req, reply) => newArticlePage(req, reply));
  app.post<{ Body: Body }>('/quan-tri/bai-viet', staffOnly, create);
  app.get<ArticleRoute>(A, staffOnly, editView);
  app.post<ArticleRoute>(A, staffOnly, save);
  app.post<ArticleRoute>(`${A}/tu-dong-luu`, staffOnly, autosave);
  app.post<ArticleRoute>(`${A}/gui`, staffOnly, submit);
  app.post<ArticleRoute>(`${A}/rut-lai`, staffOnly, withdraw);
  app.post<ArticleRoute>(`${A}/tra-lai`, staffOnly, sendBack);
  app.post<ArticleRoute>(`${A}/xuat-ban`, staffOnly, publish);
  app.post<ArticleRoute>(`${A}/go`, staffOnly, unpublish);
  app.post<ArticleRoute>(`${A}/xoa`, staffOnly, remove);
  app.post<{ Body: Body }>(`${LIST}/hang-loat`, staffOnly, bulk);
  app.get<ArticleRoute>(`${A}/xem-truoc`, staffOnly, preview);
  app.get<ArticleRoute>(`${A}/phien-ban`, staffOnly, revisions);
  app.post<ArticleRoute>(`${A}/phien-ban/:rev/khoi-phuc`, staffOnly, restore);
}

function tagsFromForm(b: Body): string[] {
  // A repeated field arrives as an array: String() joins it with commas, the separator tags already use.
  return String(b.tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
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
    featured: b.featured === '1' ? 1 : 0,
    ...(b.categoryId ? { category_id: Number(b.categoryId) } : {}),
  };
}
