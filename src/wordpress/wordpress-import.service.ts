/*
 * WordPress export (WXR) → articles, pages, comments, media and old addresses.
 * Two passes over the file: the first checks all of it and collects what posts
 * refer to (nothing is written if the XML is bad anywhere); the second writes
 * posts and pages in transactions of BATCH items, together; when the site
 * refuses one, the batch is written again one savepoint per item, so that item
 * rolls back alone.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  ArticleInputError,
  existingArticleIds,
  prepareArticle,
  storeArticles,
  type PreparedArticle,
} from '../articles/articles.service.js';
import { articleUrl } from '../articles/urls.js';
import { refreshPublishedCounts, resolveImportCategory, type CategoryDeps } from '../categories/categories.service.js';
import type { Category } from '../categories/category-tree.js';
import { isDatabaseUnavailable, isDiskFull } from '../db/availability.js';
import type { Database } from '../db/schema.js';
import { mediaUrl, responsiveImg, ARTICLE_IMAGE_SIZES } from '../media/media-urls.js';
import type { MediaDeps } from '../media/media.service.js';
import { saveRedirects } from '../redirects/redirects.service.js';
import { refreshCommentCounts } from '../comments/comments.service.js';
import { ensureImportedAuthor } from '../accounts/accounts.service.js';
import { toNfc } from '../vi/normalize.js';
import { ImportReport } from './import-report.js';
import { importComments } from './wordpress-comments.js';
import { scanWxr, uploadPath, type WxrScan } from './wordpress-scan.js';
import {
  importAttachments,
  importAuthors,
  importCategories,
  pagesCategory,
  type Author,
  type ImportedMedia,
} from './wordpress-setup.js';
import { convertContent, decodeEntities, htmlToText } from './wxr-content.js';
import { readWxr, type WxrItem } from './wxr-reader.js';
import { findMappings, saveMappings, type WpMapping } from './wordpress.repo.js';
import { ORG_PAGES, type OrgPageDef } from '../organisation/org-pages.js';
import { orgPagesWritten, putImportedOrgPage } from '../organisation/organisation.service.js';
import type { OrgPageKey } from '../organisation/organisation.schema.js';
import { wpTime } from './wp-time.js';

export { WxrError } from './wxr-reader.js';
export { ImportReport } from './import-report.js';

/** Items per transaction: large enough that commits do not dominate, small enough to hold little memory. */
const BATCH = 500;

export type WordpressImportDeps = CategoryDeps & { media: MediaDeps };

export interface ImportedEntry {
  wp_id: number;
  type: 'post' | 'page';
  /** Null for a page that became one of the organisation's pages (which have no id). */
  id: number | null;
  /** Null for what readers cannot see (drafts, scheduled). */
  url: string | null;
}

export interface WordpressImportOptions {
  uploadsDir?: string;
  /** WordPress category slug → the slug of an existing category here. */
  categoryMap?: Map<string, string>;
  onEntry?: (e: ImportedEntry) => void;
  /** Told the number of posts and pages first, then after each. */
  onStart?: (total: number) => void;
  onProgress?: () => void;
}

export class CategoryMapError extends Error {}

interface Context {
  deps: WordpressImportDeps;
  scan: WxrScan;
  report: ImportReport;
  authors: Map<string, Author>;
  categories: Map<string, Category>;
  pages: Category;
  fallback: Category;
  media: ImportedMedia;
  /** The organisation's pages that have Vietnamese text, this import's included. */
  orgWritten: Set<OrgPageKey>;
  now: string;
}

export async function importWordpress(
  deps: WordpressImportDeps,
  file: string,
  opts: WordpressImportOptions = {},
): Promise<ImportReport> {
  const report = new ImportReport();
  const scan = await scanWxr(file);
  const categoryMap = opts.categoryMap ?? new Map();
  const tree = await deps.categories();
  for (const [wp, slug] of categoryMap)
    if (!tree.getBySlug(slug))
      throw new CategoryMapError(`category map: "${wp}" → "${slug}", no category "${slug}" here`);
  opts.onStart?.(scan.entries);

  const authors = await importAuthors(deps, scan, report);
  let fallbackAuthor: Author | undefined;
  const fallback = async () => {
    if (!fallbackAuthor) {
      const now = deps.now().toISOString();
      // Posts whose author the export does not list: one account with no name of its own, and no byline.
      const u = await ensureImportedAuthor(deps.db.kysely, { email: 'wordpress@wordpress.invalid' }, now);
      fallbackAuthor = { id: u.id, displayName: u.displayName, byline: '' };
    }
    return fallbackAuthor;
  };
  const ctx: Context = {
    deps,
    scan,
    report,
    authors,
    categories: await importCategories(deps, scan, categoryMap, report),
    pages: await pagesCategory(deps),
    fallback: await resolveImportCategory(deps, undefined),
    media: await importAttachments(deps, scan, opts.uploadsDir, authors, fallback, report),
    orgWritten: await orgPagesWritten(deps.db),
    now: deps.now().toISOString(),
  };

  let queue: WxrItem[] = [];
  const flush = async (force: boolean) => {
    if (queue.length < BATCH && !(force && queue.length)) return;
    const batch = queue;
    queue = [];
    for (const entry of await writeBatch(ctx, batch)) {
      opts.onEntry?.(entry);
    }
    for (let i = 0; i < batch.length; i++) opts.onProgress?.();
  };
  await readWxr(
    file,
    {
      item: (item) => {
        if (item.type === 'post' || item.type === 'page') queue.push(item);
        else if (item.type !== 'attachment') report.skip(item.type || 'item', 'not a post, page or attachment');
      },
    },
    () => flush(false),
  );
  await flush(true);
  // Counted once for the whole import, not once per article (the cost would grow with the site).
  await refreshPublishedCounts(
    deps.db.kysely,
    [...(await deps.categories()).roots.flatMap((r) => [r, ...r.children])].map((c) => c.id),
    ctx.now,
  );
  deps.contentChanged();
  return report;
}

interface PreparedItem {
  item: WxrItem;
  kind: 'post' | 'page';
  article: PreparedArticle;
  extra: { author_id: number | null; cover_media_id: number | null; schedule_pending: number; created_at: string };
  isPublic: boolean;
  digest: string;
}

async function writeBatch(ctx: Context, items: WxrItem[]): Promise<ImportedEntry[]> {
  const prepared: PreparedItem[] = [];
  for (const item of items) {
    try {
      const p = await prepareItem(ctx, item);
      if (p) prepared.push(p);
    } catch (err) {
      if (!(err instanceof ArticleInputError)) throw err;
      ctx.report.skip(item.type, `${item.id}: ${err.message}`);
    }
  }
  const db = ctx.deps.db.kysely;
  const posts = await findMappings(
    db,
    'post',
    prepared.filter((p) => p.kind === 'post').map((p) => p.item.id),
  );
  const pages = await findMappings(
    db,
    'page',
    prepared.filter((p) => p.kind === 'page').map((p) => p.item.id),
  );
  const mapped = (p: PreparedItem) => (p.kind === 'post' ? posts : pages).get(p.item.id);
  const alive = await existingArticleIds(db, prepared.map((p) => mapped(p)?.local_id ?? 0).filter(Boolean));

  const unchanged = new Map<PreparedItem, number>();
  const changed: { p: PreparedItem; existing: number | undefined }[] = [];
  // An item exported twice (a broken file) is written once, as its last copy: an existing article appears once in a batch.
  const last = new Map(prepared.map((p) => [`${p.kind}:${p.item.id}`, p]));
  const orgMapped = await findMappings(
    db,
    'org_page',
    prepared.filter((p) => p.kind === 'page').map((p) => p.item.id),
  );
  const org: { p: PreparedItem; def: OrgPageDef }[] = [];
  for (const p of last.values()) {
    const before = mapped(p);
    const existing = before && alive.has(before.local_id) ? before.local_id : undefined;
    const def = existing === undefined ? orgPageOf(ctx, p, orgMapped.has(p.item.id)) : undefined;
    if (def) org.push({ p, def });
    else if (existing !== undefined && before!.digest === p.digest) unchanged.set(p, existing);
    else changed.push({ p, existing });
  }
  const orgEntries = await writeOrgPages(ctx, org, orgMapped);
  const orgEntryOf = new Map(org.map((o, n) => [o.p, orgEntries[n]!]));
  const ids = await writeTogether(ctx, changed).catch(async (err: unknown) => {
    // One item the database refuses fails the batch's statements: then each item in turn, so it rolls back alone.
    if (isDatabaseUnavailable(err) || isDiskFull(err)) throw err;
    return writeOneByOne(ctx, changed);
  });

  const position = new Map(changed.map((c, n) => [c.p, n]));
  const entries: ImportedEntry[] = [];
  for (const p of last.values()) {
    const orgEntry = orgEntryOf.get(p);
    if (orgEntry) {
      entries.push(orgEntry);
      continue;
    }
    let id = unchanged.get(p);
    if (id !== undefined) ctx.report.count(p.kind, 'unchanged');
    else {
      const at = position.get(p)!;
      id = ids[at];
      if (id === undefined) continue;
      ctx.report.count(p.kind, changed[at]!.existing === undefined ? 'created' : 'updated');
    }
    const url = articleUrl(p.article.categorySlug, p.article.write.slug, id);
    entries.push({ wp_id: p.item.id, type: p.kind, id, url: p.isPublic ? url : null });
  }
  return entries;
}

/**
 * The organisation page a published WordPress page is, by its slug ("lien-he", "gioi-thieu"):
 * one this import filled before, or one the site has no text for yet. A page the site has written
 * itself is never overwritten; the WordPress page then stays a plain page, as does one with pages
 * under it (their hierarchy is kept). Only the slug: a title alone ("Giới thiệu" at /ve-chung-toi/)
 * says less about what the page is.
 */
function orgPageOf(ctx: Context, p: PreparedItem, filledBefore: boolean): OrgPageDef | undefined {
  if (p.kind !== 'page' || !p.isPublic || ctx.scan.pageParents.has(p.item.id)) return undefined;
  const def = ORG_PAGES.find((d) => d.vi.slice(1) === p.item.name);
  if (!def || (!filledBefore && ctx.orgWritten.has(def.key))) return undefined;
  ctx.orgWritten.add(def.key);
  return def;
}

/** Pages that are the organisation's: their text fills that page, and their old addresses lead to it. */
async function writeOrgPages(
  ctx: Context,
  org: readonly { p: PreparedItem; def: OrgPageDef }[],
  mapped: Map<number, WpMapping>,
): Promise<ImportedEntry[]> {
  const entries: ImportedEntry[] = [];
  for (const { p, def } of org) {
    const change = !mapped.has(p.item.id)
      ? 'created'
      : mapped.get(p.item.id)!.digest === p.digest
        ? 'unchanged'
        : 'updated';
    if (change !== 'unchanged')
      await ctx.deps.db.kysely.transaction().execute(async (trx) => {
        await putImportedOrgPage(trx, def.key, p.article.write.title, p.article.write.body_html, ctx.now);
        await saveMappings(trx, [
          { kind: 'org_page', wpId: p.item.id, localId: ORG_PAGES.indexOf(def) + 1, digest: p.digest },
        ]);
        await saveRedirects(
          trx,
          [p.item.link, `/?page_id=${p.item.id}`].filter(Boolean).map((oldAddress) => ({ oldAddress, target: def.vi })),
          ctx.now,
        );
      });
    ctx.report.count('organisation page', change);
    entries.push({ wp_id: p.item.id, type: 'page', id: null, url: def.vi });
  }
  return entries;
}

type Changed = { p: PreparedItem; existing: number | undefined };

/**
 * The batch's new and changed items in one transaction, one statement per table where it can be:
 * per item, savepoints and statements cost more than the writing (a savepoint also made SQLite's
 * full-text index write a segment per item). What it reports is kept aside until it commits.
 */
async function writeTogether(ctx: Context, changed: readonly Changed[]): Promise<(number | undefined)[]> {
  const report = new ImportReport();
  const ids = await ctx.deps.db.kysely.transaction().execute((trx) => writeItems({ ...ctx, report }, trx, changed));
  ctx.report.add(report);
  return ids;
}

/** Each item in a savepoint of its own: one the database refuses is reported and skipped. */
async function writeOneByOne(ctx: Context, changed: readonly Changed[]): Promise<(number | undefined)[]> {
  const ids: (number | undefined)[] = [];
  const trx = await ctx.deps.db.kysely.startTransaction().execute();
  try {
    for (const c of changed) {
      const sp = await trx.savepoint('wp_item').execute();
      const report = new ImportReport();
      try {
        ids.push((await writeItems({ ...ctx, report }, trx, [c]))[0]);
        await sp.releaseSavepoint('wp_item').execute();
        ctx.report.add(report);
      } catch (err) {
        // An outage stops the import.
        if (isDatabaseUnavailable(err) || isDiskFull(err)) throw err;
        await sp.rollbackToSavepoint('wp_item').execute();
        ctx.report.skip(c.p.kind, `${c.p.item.id}: ${err instanceof Error ? err.message : String(err)}`);
        ids.push(undefined);
      }
    }
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
  return ids;
}

async function writeItems(ctx: Context, trx: Transaction<Database>, changed: readonly Changed[]): Promise<number[]> {
  const ids = await storeArticles(
    ctx.deps.db,
    trx,
    changed.map(({ p, existing }) => ({ id: existing, article: p.article, extra: p.extra })),
    ctx.now,
  );
  await saveMappings(
    trx,
    changed.map(({ p }, n) => ({
      kind: p.kind,
      wpId: p.item.id,
      localId: ids[n]!,
      wpParent: p.item.parent || null,
      digest: p.digest,
    })),
  );
  await importComments(
    trx,
    changed.map(({ p }, n) => ({ articleId: ids[n]!, comments: p.item.comments })),
    ctx.report,
    ctx.now,
  );
  await refreshCommentCounts(
    trx,
    changed.flatMap(({ p }, n) => (p.item.comments.length ? [ids[n]!] : [])),
  );
  const redirects: { oldAddress: string; target: string }[] = [];
  changed.forEach(({ p }, n) => {
    if (!p.isPublic) return;
    const url = articleUrl(p.article.categorySlug, p.article.write.slug, ids[n]!);
    if (p.item.link) redirects.push({ oldAddress: p.item.link, target: url });
    redirects.push({ oldAddress: p.kind === 'post' ? `/?p=${p.item.id}` : `/?page_id=${p.item.id}`, target: url });
  });
  await saveRedirects(trx, redirects, ctx.now);
  return ids;
}

type ArticleStatusOf = { status: 'published' | 'draft' | 'submitted'; scheduled: boolean } | null;

function mapStatus(wp: string): ArticleStatusOf {
  if (wp === 'publish') return { status: 'published', scheduled: false };
  if (wp === 'future') return { status: 'published', scheduled: true };
  if (wp === 'draft') return { status: 'draft', scheduled: false };
  if (wp === 'pending') return { status: 'submitted', scheduled: false };
  return null;
}

async function prepareItem(ctx: Context, item: WxrItem): Promise<PreparedItem | null> {
  const kind = item.type as 'post' | 'page';
  const mapped = mapStatus(item.status);
  if (!mapped) {
    ctx.report.skip(kind, `status ${item.status || '(none)'}`);
    return null;
  }
  const time = wpTime(item.dateGmt, item.date) ?? ctx.now;
  const scheduled = mapped.scheduled || (mapped.status === 'published' && time > ctx.now);
  const categoryTerms = item.terms.filter((t) => t.domain === 'category');
  const primary =
    kind === 'page' ? ctx.pages : (categoryTerms.map((t) => ctx.categories.get(t.slug)).find(Boolean) ?? ctx.fallback);
  // The site files an article under one category; the others come along as tags, so nothing is lost.
  const extraCategories =
    kind === 'page' ? [] : categoryTerms.map((t) => ctx.categories.get(t.slug)).filter((c) => c && c.id !== primary.id);
  const tags = [
    ...item.terms.filter((t) => t.domain === 'post_tag').map((t) => decodeEntities(t.name)),
    ...extraCategories.map((c) => c!.name),
  ].slice(0, 20);
  const author = ctx.authors.get(item.creator);
  const body = convertContent(item.content, item.id, {
    attachmentsOf: (id) => ctx.scan.attachmentsByParent.get(id) ?? [],
    attachmentUrl: (id) => ctx.scan.attachments.get(id)?.url,
    upload: (url) => {
      const row = findUpload(ctx.media, url);
      return row
        ? {
            url: mediaUrl(row),
            img: (alt) => responsiveImg({ ...row, alt }, { sizes: ARTICLE_IMAGE_SIZES, alt }).value,
          }
        : null;
    },
    unknownShortcode: (name) => ctx.report.shortcode(name),
    missingUpload: (url) => ctx.report.missing(url, `used in ${kind} ${item.id}, not among the imported files`),
  });
  let slugName = item.name;
  try {
    slugName = decodeURIComponent(item.name);
  } catch {
    // Kept as written.
  }
  const title = toNfc(decodeEntities(item.title)).trim() || slugName.replace(/-/g, ' ') || `${kind} ${item.id}`;
  const article = await prepareArticle(ctx.deps, {
    title: title.slice(0, 300),
    sapo: htmlToText(item.excerpt)
      .replace(/\s*\n\s*/g, ' ')
      .slice(0, 2000),
    bodyHtml: body || '<p></p>',
    byline: author?.byline.slice(0, 120) ?? '',
    categoryId: primary.id,
    tags,
    status: mapped.status,
    publishedAt: mapped.status === 'published' ? time : null,
    importKey: null,
  });
  const thumbnail = Number(item.meta.get('_thumbnail_id') ?? 0);
  const extra = {
    author_id: author?.id ?? null,
    cover_media_id: ctx.media.byId.get(thumbnail)?.id ?? null,
    schedule_pending: scheduled ? 1 : 0,
    created_at: time,
  };
  const digest = createHash('sha256')
    .update(JSON.stringify([article, extra, item.link, item.parent, item.comments]))
    .digest('hex');
  return { item, kind, article, extra, isPublic: mapped.status === 'published' && !scheduled, digest };
}

const SIZED = /-(?:\d+x\d+|scaled)(\.[a-z0-9]+)$/i;

/** An upload URL → its media: the file itself, or one of the sizes WordPress made of it (anh-300x200.jpg). */
function findUpload(media: ImportedMedia, url: string) {
  const exact = media.byUrl.get(url);
  if (exact) return exact;
  const rel = uploadPath(url);
  if (!rel) return undefined;
  return media.byPath.get(rel) ?? media.byPath.get(rel.replace(SIZED, '$1'));
}
