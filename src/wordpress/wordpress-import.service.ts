/*
 * WordPress export (WXR) → articles, pages, comments, media and old addresses.
 * Two passes over the file: the first checks all of it and collects what posts
 * refer to (nothing is written if the XML is bad anywhere); the second writes
 * posts and pages in transactions of BATCH items, one savepoint per item, so
 * an item the site refuses rolls back alone.
 */
import { createHash } from 'node:crypto';
import type { ControlledTransaction } from 'kysely';
import {
  ArticleInputError,
  existingArticleIds,
  prepareArticle,
  storeArticle,
  type PreparedArticle,
} from '../articles/articles.service.js';
import { articleUrl } from '../articles/urls.js';
import { refreshPublishedCounts, resolveImportCategory, type CategoryDeps } from '../categories/categories.service.js';
import type { Category } from '../categories/category-tree.js';
import { isDatabaseUnavailable, isDiskFull } from '../db/availability.js';
import type { Database } from '../db/schema.js';
import { mediaUrl, responsiveImg, ARTICLE_IMAGE_SIZES } from '../media/media-urls.js';
import type { MediaDeps } from '../media/media.service.js';
import { saveRedirect } from '../redirects/redirects.service.js';
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
import { findMappings, saveMapping } from './wordpress.repo.js';
import { wpTime } from './wp-time.js';

export { WxrError } from './wxr-reader.js';
export { ImportReport } from './import-report.js';

/** Items per transaction: large enough that commits do not dominate, small enough to hold little memory. */
const BATCH = 250;

export type WordpressImportDeps = CategoryDeps & { media: MediaDeps };

export interface ImportedEntry {
  wp_id: number;
  type: 'post' | 'page';
  id: number;
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
      const u = await ensureImportedAuthor(
        deps.db.kysely,
        { email: 'wordpress@wordpress.invalid', displayName: 'WordPress' },
        now,
      );
      fallbackAuthor = { id: u.id, displayName: 'WordPress' };
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

  const entries: ImportedEntry[] = [];
  const trx = await db.startTransaction().execute();
  try {
    for (const p of prepared) {
      const before = mapped(p);
      const existing = before && alive.has(before.local_id) ? before.local_id : undefined;
      let id: number;
      if (existing !== undefined && before!.digest === p.digest) {
        id = existing;
        ctx.report.count(p.kind, 'unchanged');
      } else {
        const sp = await trx.savepoint('wp_item').execute();
        try {
          id = await writeItem(ctx, trx, p, existing);
          await sp.releaseSavepoint('wp_item').execute();
        } catch (err) {
          // An item the database refuses rolls back alone and is reported; an outage stops the import.
          if (isDatabaseUnavailable(err) || isDiskFull(err)) throw err;
          await sp.rollbackToSavepoint('wp_item').execute();
          ctx.report.skip(p.kind, `${p.item.id}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        ctx.report.count(p.kind, existing === undefined ? 'created' : 'updated');
      }
      const url = articleUrl(p.article.categorySlug, p.article.write.slug, id);
      entries.push({ wp_id: p.item.id, type: p.kind, id, url: p.isPublic ? url : null });
    }
    await trx.commit().execute();
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
  return entries;
}

async function writeItem(
  ctx: Context,
  trx: ControlledTransaction<Database>,
  p: PreparedItem,
  existing: number | undefined,
): Promise<number> {
  const { item } = p;
  const id = await storeArticle(ctx.deps.db, trx, existing, p.article, ctx.now, p.extra);
  await saveMapping(trx, { kind: p.kind, wpId: item.id, localId: id, wpParent: item.parent || null, digest: p.digest });
  await importComments(trx, id, item.comments, ctx.report, ctx.now);
  if (p.isPublic) {
    const url = articleUrl(p.article.categorySlug, p.article.write.slug, id);
    if (item.link) await saveRedirect(trx, item.link, url, ctx.now);
    await saveRedirect(trx, p.kind === 'post' ? `/?p=${item.id}` : `/?page_id=${item.id}`, url, ctx.now);
  }
  return id;
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
    byline: author?.displayName.slice(0, 120) ?? '',
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
