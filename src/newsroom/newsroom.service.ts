import type { Transaction, Updateable } from 'kysely';
import type { Actor } from '../accounts/roles.js';
import { listTagsOfArticle, setArticleTags } from '../articles/articles.service.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { sanitizeArticleHtml } from '../articles/sanitize.js';
import { titleKey } from '../articles/title-key.js';
import { listStaffNames } from '../accounts/user-admin.service.js';
import { auditSentencesOf, recordAudit, type AuditAction } from '../audit/audit.service.js';
import { refreshPublishedCounts } from '../categories/categories.service.js';
import { countByStatus } from '../comments/moderation.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { ArticlesTable, Database } from '../db/schema.js';
import { AppError, badRequest, conflict, notFound, parseOr400 } from '../errors.js';
import { findMedia } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import { syncArticleSearch } from '../search/search-sync.js';
import { recordCitations } from '../documents/documents.service.js';
import { slugify } from '../vi/slug.js';
import {
  deleteArticleRow,
  findRevision,
  findStaffArticle,
  insertRevision,
  insertStaffArticle,
  countForStaff,
  listByStatus,
  listForStaff,
  listRevisions,
  listScheduled,
  updateIfVersion,
  type RevisionRow,
  type StaffArticle,
  type StaffArticleFilter,
} from './newsroom.repo.js';
import {
  articleContentSchema,
  articleListQuerySchema,
  articleUpdateSchema,
  parseInput,
  publishSchema,
  returnSchema,
  versionSchema,
  type ArticleContent,
} from './newsroom.schema.js';
import { assertCanOnSite, canOnArticle, refused, type ArticleAction } from '../accounts/permissions.js';
import { changedFields, type FieldChange } from './revision-changes.js';
import {
  contentOfSnapshot,
  recordsEveryField,
  revisionColumns,
  snapshotOfRevision,
  snapshotsDiffer,
  type ArticleSnapshot,
} from './revision-content.js';
import { diffText, htmlToText, type DiffPart } from './revision-diff.js';
import { formattingChanges } from './revision-format.js';
import { canTransition, nextStatus, type WorkflowAction } from './workflow.js';
import { addToTrash, newTrashBatch, takeFromTrash } from '../trash/trash.service.js';
import { hasRoleAtLeast } from '../accounts/roles.js';
import { articleUrl } from '../articles/urls.js';
import { enqueueWebhookEvent, type WebhookEvent } from '../webhooks/webhooks.service.js';

export type NewsroomDeps = ArticleDeps;
type Trx = Transaction<Database>;

const e = messages.newsroom.errors;

const editConflict = () => conflict(e.conflict);

/** Loads an article inside a transaction and checks the actor may do `action` to it. */
async function loadFor(trx: Trx, actor: Actor | null, id: number, action: ArticleAction): Promise<StaffArticle> {
  const article = await findStaffArticle(trx, id);
  if (!article) throw notFound(e.articleNotFound);
  if (!canOnArticle(actor, action, article)) throw refused();
  // A trashed article is only looked at until it is restored: nothing may move it on meanwhile.
  if (article.trashed_at && action !== 'view') throw badRequest(e.inTrash);
  return article;
}

/**
 * Turns validated form content into columns: sanitised body, slug, the category's root.
 * The tree is read before the transaction: SQLite has one connection, which the transaction holds.
 */
async function contentColumns(tree: CategoryTree, trx: Trx, c: ArticleContent) {
  const category = tree.get(c.categoryId);
  if (!category) throw badRequest(e.categoryNotFound);
  if (c.coverMediaId !== null && (await findMedia(trx, c.coverMediaId))?.kind !== 'image') {
    throw badRequest(e.badInput);
  }
  return {
    title: c.title,
    slug: slugify(c.title),
    sapo: c.sapo,
    body_html: sanitizeArticleHtml(c.bodyHtml),
    byline: c.byline === '' ? null : c.byline,
    category_id: category.id,
    root_category_id: tree.rootOf(category).id,
    seo_title: c.seoTitle,
    seo_description: c.seoDescription,
    comments_closed: c.allowComments ? 0 : 1,
    cover_media_id: c.coverMediaId,
    ...(c.featured === undefined ? {} : { featured: c.featured ? 1 : 0 }),
  };
}

function dedupeTags(names: readonly string[]) {
  const seen = new Map<string, string>();
  for (const name of names) {
    const slug = slugify(name);
    if (slug && !seen.has(slug)) seen.set(slug, name);
  }
  return [...seen].map(([slug, name]) => ({ slug, name }));
}

function revisionOf(
  articleId: number,
  snapshot: ArticleSnapshot,
  version: number,
  actor: Actor,
  now: string,
  note = '',
) {
  return {
    article_id: articleId,
    article_version: version,
    ...revisionColumns(snapshot),
    actor_id: actor.id,
    actor_name: actor.displayName,
    note,
    created_at: now,
  };
}

/** The tag names as stored (the tags table keeps the first spelling), so comparisons see what readers see. */
async function storedTagNames(trx: Trx, id: number): Promise<string[]> {
  return (await listTagsOfArticle(trx, id)).map((t) => t.name);
}

/** Public pages and counts change only when a published article (or one that was) changes. */
function isPublic(a: Pick<StaffArticle, 'status'>): boolean {
  return a.status === 'published';
}

/** On the public site now: published, and its time has come (a scheduled one goes live through the scheduler). */
function isLive(a: Pick<StaffArticle, 'status' | 'published_at'>, now: string): boolean {
  return a.status === 'published' && a.published_at !== null && a.published_at <= now;
}

/** What a change did to the public site, as a webhook event; null when readers saw nothing of it. */
function publicEvent(before: StaffArticle, after: StaffArticle | null, now: string): WebhookEvent | null {
  const was = isLive(before, now);
  const is = after !== null && isLive(after, now);
  if (is) return was ? 'article.updated' : 'article.published';
  return was ? 'article.unpublished' : null;
}

/** Queued in the change's own transaction (src/webhooks): receivers hear of what committed, and only that. */
export async function notifyArticleEvent(
  trx: Trx,
  tree: CategoryTree,
  event: WebhookEvent | null,
  a: Pick<StaffArticle, 'id' | 'title' | 'slug' | 'category_id' | 'published_at' | 'updated_at'>,
  now: string,
): Promise<void> {
  if (!event) return;
  const category = tree.get(a.category_id);
  await enqueueWebhookEvent(
    trx,
    event,
    {
      id: a.id,
      title: a.title,
      path: articleUrl(category?.slug ?? '', a.slug, a.id),
      category: category ? { id: category.id, slug: category.slug, name: category.name } : null,
      publishedAt: a.published_at,
      updatedAt: a.updated_at,
    },
    now,
  );
}

export async function createArticle(deps: NewsroomDeps, actor: Actor | null, input: unknown): Promise<StaffArticle> {
  assertCanOnSite(actor, 'createArticle');
  const c = parseInput(articleContentSchema, input);
  const now = deps.now().toISOString();
  const tree = await deps.categories();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const cols = await contentColumns(tree, trx, c);
    const id = await insertStaffArticle(
      trx,
      {
        featured: 0,
        ...cols,
        status: 'draft',
        published_at: null,
        author_id: actor.id,
        review_note: '',
        schedule_pending: 0,
      },
      now,
    );
    await setArticleTags(trx, id, dedupeTags(c.tags));
    await insertRevision(
      trx,
      revisionOf(id, { featured: 0, ...cols, tags: await storedTagNames(trx, id) }, 1, actor, now),
    );
    await recordCitations(trx, { id, ...cols });
    return (await findStaffArticle(trx, id))!;
  });
}

/** Saves content (also autosave). Keeps a revision when any field of the form changed. */
export async function updateArticle(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  input: unknown,
): Promise<StaffArticle> {
  const c = parseInput(articleUpdateSchema, input);
  return saveContent(deps, actor, id, c.version, async () => ({ content: c }));
}

async function saveContent(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  version: number,
  build: (
    trx: Trx,
    current: ArticleSnapshot,
  ) => Promise<{ content: ArticleContent; note?: string; restoredFrom?: number }>,
): Promise<StaffArticle> {
  const now = deps.now().toISOString();
  const tree = await deps.categories();
  const result = await deps.db.kysely.transaction().execute(async (trx) => {
    const current = await loadFor(trx, actor, id, 'edit');
    if (current.version !== version) throw editConflict();
    const before: ArticleSnapshot = { ...current, tags: await storedTagNames(trx, id) };
    const { content, note, restoredFrom } = await build(trx, before);
    const cols = await contentColumns(tree, trx, content);
    const newVersion = await updateIfVersion(trx, id, version, cols, now);
    if (newVersion === null) throw editConflict();
    await setArticleTags(trx, id, dedupeTags(content.tags));
    const after: ArticleSnapshot = {
      ...cols,
      featured: cols.featured ?? current.featured,
      tags: await storedTagNames(trx, id),
    };
    if (snapshotsDiffer(before, after)) await insertRevision(trx, revisionOf(id, after, newVersion, actor!, now, note));
    if (restoredFrom !== undefined) {
      // "title: N", read back by the audit sentence as "khôi phục bài … về bản N".
      await recordAudit(trx, {
        actor,
        action: 'article.restore_revision',
        entityType: 'article',
        entityId: id,
        detail: `${cols.title}: ${restoredFrom}`,
        now,
      });
    }
    const updated = (await findStaffArticle(trx, id))!;
    await syncArticleSearch(deps.db, trx, updated);
    await notifyArticleEvent(trx, tree, publicEvent(current, updated, now), updated, now);
    await recordCitations(trx, updated);
    if (isPublic(current)) {
      await refreshPublishedCounts(
        trx,
        [current.category_id, current.root_category_id, updated.category_id, updated.root_category_id],
        now,
      );
    }
    return { updated, wasPublic: isPublic(current) };
  });
  if (result.wasPublic) deps.contentChanged();
  return result.updated;
}

/** Moves an article through the workflow in one transaction with its audit line. */
async function transition(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  action: WorkflowAction,
  version: number,
  extra: (
    current: StaffArticle,
    now: string,
  ) => { changes?: Updateable<ArticlesTable>; audit?: AuditAction; detail?: string },
): Promise<StaffArticle> {
  const now = deps.now().toISOString();
  const tree = await deps.categories();
  const result = await deps.db.kysely.transaction().execute(async (trx) => {
    const current = await loadFor(trx, actor, id, action);
    if (current.version !== version) throw editConflict();
    const status = nextStatus(action, current.status);
    const { changes, audit, detail } = extra(current, now);
    if ((await updateIfVersion(trx, id, version, { status, ...changes }, now)) === null) throw editConflict();
    await recordAudit(trx, {
      actor,
      action: audit ?? `article.${action}`,
      entityType: 'article',
      entityId: id,
      detail: detail ?? current.title,
      now,
    });
    await refreshPublishedCounts(trx, [current.category_id, current.root_category_id], now);
    const updated = (await findStaffArticle(trx, id))!;
    // Search holds published articles only: publishing adds, unpublishing removes.
    await syncArticleSearch(deps.db, trx, updated);
    await notifyArticleEvent(trx, tree, publicEvent(current, updated, now), updated, now);
    await recordCitations(trx, updated);
    return { updated, touchesPublic: isPublic(current) || status === 'published' };
  });
  if (result.touchesPublic) deps.contentChanged();
  return result.updated;
}

export async function submitArticle(deps: NewsroomDeps, actor: Actor | null, id: number, input: unknown) {
  const { version } = parseInput(versionSchema, input);
  return transition(deps, actor, id, 'submit', version, () => ({}));
}

/** The author takes a submitted article back to draft, before an editor has acted on it. */
export async function withdrawArticle(deps: NewsroomDeps, actor: Actor | null, id: number, input: unknown) {
  const { version } = parseInput(versionSchema, input);
  return transition(deps, actor, id, 'withdraw', version, () => ({}));
}

export async function returnArticle(deps: NewsroomDeps, actor: Actor | null, id: number, input: unknown) {
  const { version, note } = parseInput(returnSchema, input);
  return transition(deps, actor, id, 'return', version, (a) => ({
    changes: { review_note: note },
    detail: `${a.title}: ${note}`,
  }));
}

/** Publishes now, or at a future time (scheduled: the scheduler finishes the job then). */
export async function publishArticle(deps: NewsroomDeps, actor: Actor | null, id: number, input: unknown) {
  const { version, at } = parseInput(publishSchema, input);
  return transition(deps, actor, id, 'publish', version, (a, now) => {
    const when = at ? new Date(at).toISOString() : now;
    const scheduled = when > now;
    return {
      changes: { published_at: when, schedule_pending: scheduled ? 1 : 0, review_note: '' },
      audit: scheduled ? 'article.schedule' : 'article.publish',
      detail: scheduled ? `${a.title} @ ${when}` : a.title,
    };
  });
}

export async function unpublishArticle(deps: NewsroomDeps, actor: Actor | null, id: number, input: unknown) {
  const { version } = parseInput(versionSchema, input);
  return transition(deps, actor, id, 'unpublish', version, () => ({ changes: { schedule_pending: 0 } }));
}

/** What restoring an article from the trash puts back. */
interface ArticleTrashData {
  status: StaffArticle['status'];
  schedule_pending: number;
}

/**
 * Moves articles to the trash: hidden from every list at once, and a published
 * one leaves the public site, search, feeds and sitemaps (its status goes to
 * "unpublished" and the page caches hear of it). The trash entry keeps the
 * status, so restoring brings the article back as it was. One transaction for
 * all of them; each is checked as if deleted alone. `version` applies when one
 * article is deleted from its own page.
 */
export async function trashArticles(
  deps: NewsroomDeps,
  actor: Actor | null,
  ids: readonly number[],
  batch: string,
  version?: number,
): Promise<StaffArticle[]> {
  const now = deps.now().toISOString();
  const tree = await deps.categories();
  const done = await deps.db.kysely.transaction().execute(async (trx) => {
    const trashed: StaffArticle[] = [];
    for (const id of new Set(ids)) {
      const current = await loadFor(trx, actor, id, 'delete');
      if (version !== undefined && current.version !== version) throw editConflict();
      const status = isPublic(current) ? 'unpublished' : current.status;
      const changes = { status, schedule_pending: 0, trashed_at: now };
      if ((await updateIfVersion(trx, id, current.version, changes, now)) === null) throw editConflict();
      await notifyArticleEvent(trx, tree, publicEvent(current, null, now), current, now);
      await deps.db.search.remove(trx, id);
      const data: ArticleTrashData = { status: current.status, schedule_pending: current.schedule_pending };
      await addToTrash(trx, { kind: 'article', itemId: id, label: current.title, data, batch, actor: actor!, now });
      await recordAudit(trx, {
        actor,
        action: 'article.delete',
        entityType: 'article',
        entityId: id,
        detail: current.title,
        now,
      });
      await refreshPublishedCounts(trx, [current.category_id, current.root_category_id], now);
      trashed.push(current);
    }
    return trashed;
  });
  if (done.some(isPublic)) deps.contentChanged();
  return done;
}

/** Deletes one article from its page: to the trash, checked against the version the page showed. Returns the batch. */
export async function deleteArticle(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  input: unknown,
): Promise<string> {
  const { version } = parseInput(versionSchema, input);
  const batch = newTrashBatch();
  await trashArticles(deps, actor, [id], batch, version);
  return batch;
}

/** Brings an article back from the trash in the state it left; whoever could delete it may. */
export async function restoreArticleFromTrash(deps: NewsroomDeps, actor: Actor | null, id: number): Promise<string> {
  const now = deps.now().toISOString();
  const tree = await deps.categories();
  const restored = await deps.db.kysely.transaction().execute(async (trx) => {
    const current = await findStaffArticle(trx, id);
    if (!current?.trashed_at) throw notFound(e.notInTrash);
    const data = await takeFromTrash<ArticleTrashData>(trx, 'article', id);
    if (!data) throw notFound(e.notInTrash);
    if (!canOnArticle(actor, 'delete', { author_id: current.author_id, status: data.status })) throw refused();
    const changes = { status: data.status, schedule_pending: data.schedule_pending, trashed_at: null };
    if ((await updateIfVersion(trx, id, current.version, changes, now)) === null) throw editConflict();
    const updated = (await findStaffArticle(trx, id))!;
    await syncArticleSearch(deps.db, trx, updated);
    await notifyArticleEvent(trx, tree, publicEvent(current, updated, now), updated, now);
    await refreshPublishedCounts(trx, [updated.category_id, updated.root_category_id], now);
    await recordAudit(trx, {
      actor,
      action: 'article.restore',
      entityType: 'article',
      entityId: id,
      detail: updated.title,
      now,
    });
    return updated;
  });
  if (isPublic(restored)) deps.contentChanged();
  return restored.title;
}

/** Deletes a trashed article for good, with its revisions and comments: admins only. */
export async function purgeArticle(deps: NewsroomDeps, actor: Actor | null, id: number): Promise<string> {
  if (!hasRoleAtLeast(actor, 'admin')) throw refused();
  const now = deps.now().toISOString();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const current = await findStaffArticle(trx, id);
    if (!current?.trashed_at || !(await takeFromTrash(trx, 'article', id))) throw notFound(e.notInTrash);
    await deleteArticleRow(trx, id);
    await recordAudit(trx, {
      actor,
      action: 'trash.purge',
      entityType: 'article',
      entityId: id,
      detail: current.title,
      now,
    });
    return current.title;
  });
}

export async function getArticleForStaff(deps: NewsroomDeps, actor: Actor | null, id: number) {
  return deps.db.kysely.transaction().execute(async (trx) => {
    const article = await loadFor(trx, actor, id, 'view');
    const tags = await listTagsOfArticle(trx, id);
    return { article, tags: tags.map((t) => t.name), canEdit: canOnArticle(actor, 'edit', article) };
  });
}

export async function getRevisions(deps: NewsroomDeps, actor: Actor | null, id: number): Promise<RevisionRow[]> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    await loadFor(trx, actor, id, 'view');
    return listRevisions(trx, id);
  });
}

/** A workflow step on the article's history page, said as the audit log says it. */
export interface HistoryEvent {
  at: string;
  sentence: string;
}

/**
 * The workflow steps (sent, returned with its note, scheduled, published,
 * unpublished, withdrawn) from the audit log, which already words them. A
 * restore is left out: the revision it made is on the page with its note.
 */
export async function getWorkflowEvents(deps: NewsroomDeps, actor: Actor | null, id: number): Promise<HistoryEvent[]> {
  return deps.db.kysely.transaction().execute(async (trx) => {
    await loadFor(trx, actor, id, 'view');
    return auditSentencesOf(trx, 'article', id, ['article.restore_revision']);
  });
}

export interface RevisionComparison {
  from: RevisionRow;
  to: RevisionRow;
  title: DiffPart[];
  sapo: DiffPart[];
  body: DiffPart[];
  /** Formatting changes in the body (headings, bold, links), as sentences. */
  formatting: string[];
  /** The other fields of the form that differ, in form order. */
  fields: FieldChange[];
  /** One of the two is an old revision that kept only headline, sapo and body. */
  partial: boolean;
}

export async function compareRevisions(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  fromId: number,
  toId: number,
): Promise<RevisionComparison> {
  const tree = await deps.categories();
  return deps.db.kysely.transaction().execute(async (trx) => {
    await loadFor(trx, actor, id, 'view');
    const [from, to] = await Promise.all([findRevision(trx, id, fromId), findRevision(trx, id, toId)]);
    if (!from || !to) throw notFound(e.revisionNotFound);
    const partial = !recordsEveryField(from) || !recordsEveryField(to);
    return {
      from,
      to,
      title: diffText(from.title, to.title),
      sapo: diffText(from.sapo, to.sapo),
      body: diffText(htmlToText(from.body_html), htmlToText(to.body_html)),
      formatting: formattingChanges(from.body_html, to.body_html),
      fields: partial ? [] : await changedFields(trx, tree, from, to),
      partial,
    };
  });
}

/** Restoring is itself a save: it needs the current version, brings back every field the revision kept and leaves a new revision. */
export async function restoreRevision(
  deps: NewsroomDeps,
  actor: Actor | null,
  id: number,
  revisionId: number,
  input: unknown,
) {
  const { version } = parseInput(versionSchema, input);
  return saveContent(deps, actor, id, version, async (trx, current) => {
    const rev = await findRevision(trx, id, revisionId);
    if (!rev) throw notFound(e.revisionNotFound);
    const snapshot = snapshotOfRevision(rev, current);
    // An image that is gone since is left out rather than refusing the whole restore.
    const coverGone =
      snapshot.cover_media_id !== null && (await findMedia(trx, snapshot.cover_media_id))?.kind !== 'image';
    return {
      content: contentOfSnapshot(coverGone ? { ...snapshot, cover_media_id: null } : snapshot),
      note: messages.newsroom.restoredFrom(rev.revision_number),
      restoredFrom: rev.revision_number,
    };
  });
}

export type BulkArticleAction = 'publish' | 'unpublish' | 'trash';

/** The headlines of the ticked articles the actor may see, for the question asked before a bulk action. */
export async function titlesForStaff(deps: NewsroomDeps, actor: Actor | null, ids: readonly number[]) {
  const rows = await Promise.all(ids.map((id) => findStaffArticle(deps.db.kysely, id)));
  return rows.filter((a) => a && !a.trashed_at && canOnArticle(actor, 'view', a)).map((a) => a!.title);
}

/**
 * One action over the ticked articles of the list. Each article goes through
 * the same checks as on its own page; one that its state or the actor's role
 * does not allow is left as it was and counted, never half-changed.
 */
export async function bulkArticles(
  deps: NewsroomDeps,
  actor: Actor | null,
  action: BulkArticleAction,
  ids: readonly number[],
): Promise<{ done: number; skipped: number; batch?: string }> {
  assertCanOnSite(actor, 'createArticle');
  const unique = [...new Set(ids)].slice(0, ARTICLE_LIST_PAGE_SIZE);
  const rows = (await Promise.all(unique.map((id) => findStaffArticle(deps.db.kysely, id)))).filter(
    (a): a is StaffArticle => a !== undefined && !a.trashed_at,
  );
  if (action === 'trash') {
    const allowed = rows.filter((a) => canOnArticle(actor, 'delete', a));
    const batch = newTrashBatch();
    if (allowed.length)
      await trashArticles(
        deps,
        actor,
        allowed.map((a) => a.id),
        batch,
      );
    return { done: allowed.length, skipped: unique.length - allowed.length, batch: allowed.length ? batch : undefined };
  }
  let done = 0;
  for (const a of rows) {
    // Publishing a published article would move its time: in a bulk action that is never what was meant.
    if (action === 'publish' && a.status === 'published') continue;
    if (!canOnArticle(actor, action, a) || !canTransition(action, a.status)) continue;
    try {
      if (action === 'publish') await publishArticle(deps, actor, a.id, { version: a.version });
      else await unpublishArticle(deps, actor, a.id, { version: a.version });
      done++;
    } catch (err) {
      // Changed by someone else since it was read: left for its own page.
      if (!(err instanceof AppError) || err.status !== 409) throw err;
    }
  }
  return { done, skipped: unique.length - done };
}

export const ARTICLE_LIST_PAGE_SIZE = 50;

/**
 * A page of the newsroom's article list. Editors see every article and may
 * filter by author; an author sees their own only, whatever the query asks.
 */
export async function listArticlesForStaff(deps: NewsroomDeps, actor: Actor | null, input: unknown) {
  assertCanOnSite(actor, 'createArticle');
  const query = parseOr400(articleListQuerySchema, input, e.badFilter);
  const tree = await deps.categories();
  const category = query['chuyen-muc'] === undefined ? undefined : tree.get(query['chuyen-muc']);
  if (query['chuyen-muc'] !== undefined && !category) throw badRequest(e.badFilter);
  const seesAll = canOnArticle(actor, 'publish', { author_id: null, status: 'submitted' });
  const filter: StaffArticleFilter = {
    status: query['trang-thai'],
    category: category && { id: category.id, isRoot: category.parent === null },
    authorId: seesAll ? query['tac-gia'] : actor.id,
    titleKey: query.q ? titleKey(query.q) : undefined,
    featured: query['noi-bat'] === '1',
  };
  const page = query.trang ?? 1;
  const db = deps.db.kysely;
  const [rows, total, authors] = await Promise.all([
    listForStaff(db, filter, { limit: ARTICLE_LIST_PAGE_SIZE, offset: (page - 1) * ARTICLE_LIST_PAGE_SIZE }),
    countForStaff(db, filter),
    seesAll ? listStaffNames(db) : Promise.resolve(null),
  ]);
  return {
    rows,
    total,
    page,
    totalPages: Math.max(1, Math.ceil(total / ARTICLE_LIST_PAGE_SIZE)),
    query,
    tree,
    authors,
  };
}
export type StaffArticleList = Awaited<ReturnType<typeof listArticlesForStaff>>;

const DASHBOARD_SIZE = 10;

/** What a staff member sees first: their drafts, what waits for them, what went out. */
export async function dashboard(deps: NewsroomDeps, actor: Actor | null) {
  assertCanOnSite(actor, 'createArticle');
  const db = deps.db.kysely;
  const isEditor = canOnArticle(actor, 'publish', { author_id: null, status: 'submitted' });
  const [myDrafts, waiting, scheduled, published, pendingComments] = await Promise.all([
    // An author's returned articles have their own list ("Bị trả lại, cần sửa"): each article is listed once.
    listByStatus(db, {
      statuses: isEditor ? ['draft', 'returned'] : ['draft'],
      authorId: actor.id,
      limit: DASHBOARD_SIZE,
    }),
    isEditor
      ? listByStatus(db, { statuses: ['submitted'], limit: DASHBOARD_SIZE })
      : listByStatus(db, { statuses: ['returned'], authorId: actor.id, limit: DASHBOARD_SIZE }),
    listScheduled(db, DASHBOARD_SIZE),
    listByStatus(db, { statuses: ['published'], limit: DASHBOARD_SIZE, orderBy: 'published_at', liveOnly: true }),
    isEditor ? countByStatus(db, 'pending') : Promise.resolve(0),
  ]);
  return { myDrafts, waiting, scheduled, published, pendingComments, isEditor };
}
