/*
 * What posts refer to, written before the posts: authors as staff accounts,
 * categories with their hierarchy, and attachments through the media pipeline.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureImportedAuthor } from '../accounts/accounts.service.js';
import type { Actor } from '../accounts/roles.js';
import { findCategoryBySlug, insertCategory, type CategoryDeps } from '../categories/categories.service.js';
import type { Category } from '../categories/category-tree.js';
import { AppError } from '../errors.js';
import { findMedia, uploadMedia, type MediaDeps } from '../media/media.service.js';
import type { MediaRow } from '../media/media.repo.js';
import { saveRedirect } from '../redirects/redirects.service.js';
import { toNfc } from '../vi/normalize.js';
import { slugify } from '../vi/slug.js';
import { decodeEntities } from './wxr-content.js';
import type { WxrScan } from './wordpress-scan.js';
import type { ImportReport } from './import-report.js';
import { findMapping, saveMapping } from './wordpress.repo.js';

export interface Author {
  id: number;
  /** The account's name, which its actions are logged under. */
  displayName: string;
  /** The person's name, or '' when the export gave only a login: no byline then. */
  byline: string;
}

/** Authors by login: found by email, or made as staff with no password. */
export async function importAuthors(
  deps: CategoryDeps,
  scan: WxrScan,
  report: ImportReport,
): Promise<Map<string, Author>> {
  const byLogin = new Map<string, Author>();
  const now = deps.now().toISOString();
  for (const a of scan.authors) {
    // An author without an address still needs one to be a user; .invalid can never receive mail.
    const email = a.email.trim() || `${slugify(a.login) || `tac-gia-${a.id}`}@wordpress.invalid`;
    const text = (s: string) => toNfc(decodeEntities(s));
    const user = await ensureImportedAuthor(
      deps.db.kysely,
      {
        email,
        login: a.login,
        displayName: text(a.displayName),
        firstName: text(a.firstName),
        lastName: text(a.lastName),
      },
      now,
    );
    report.count('author', user.created ? 'created' : 'unchanged');
    byLogin.set(a.login, { id: user.id, displayName: user.displayName, byline: user.name ?? '' });
  }
  return byLogin;
}

export const PAGES_CATEGORY = { slug: 'trang', name: 'Trang' };

/** A WordPress nicename is percent-encoded UTF-8 for Vietnamese names; ours are folded ASCII. */
function localSlug(wpSlug: string, name: string): string {
  let decoded = wpSlug;
  try {
    decoded = decodeURIComponent(wpSlug);
  } catch {
    // Kept as written.
  }
  return slugify(decoded) || slugify(name) || 'chuyen-muc';
}

/**
 * Categories by WordPress slug, parents first. A slug in the category map goes
 * to the existing category it names; a category seen before (by term id) is
 * found again; the site has two levels, so a deeper one joins its grandparent.
 */
export async function importCategories(
  deps: CategoryDeps,
  scan: WxrScan,
  categoryMap: Map<string, string>,
  report: ImportReport,
): Promise<Map<string, Category>> {
  const now = deps.now().toISOString();
  const bySlug = new Map(scan.categories.map((c) => [c.slug, c]));
  const depth = (slug: string, seen = new Set<string>()): number => {
    const parent = bySlug.get(slug)?.parentSlug;
    if (!parent || seen.has(parent) || !bySlug.has(parent)) return 0;
    seen.add(slug);
    return 1 + depth(parent, seen);
  };
  const ordered = [...scan.categories].sort((a, b) => depth(a.slug) - depth(b.slug));
  const local = new Map<string, Category>();
  const wpPath = new Map<string, string>();
  for (const c of ordered) {
    const tree = await deps.categories();
    const parent = c.parentSlug ? local.get(c.parentSlug) : undefined;
    wpPath.set(c.slug, `${c.parentSlug && wpPath.has(c.parentSlug) ? `${wpPath.get(c.parentSlug)}/` : ''}${c.slug}`);
    const mapped = categoryMap.get(c.slug);
    let cat: Category | undefined;
    if (mapped) cat = tree.getBySlug(mapped);
    const known = cat ? undefined : await findMapping(deps.db.kysely, 'category', c.termId);
    if (known) cat = tree.get(known.local_id);
    const slug = localSlug(c.slug, c.name);
    cat ??= tree.getBySlug(slug);
    if (cat) report.count('category', 'unchanged');
    else {
      const parentId = parent ? tree.rootOf(parent).id : null;
      const name = toNfc(decodeEntities(c.name)).trim().slice(0, 160) || slug;
      const description = toNfc(decodeEntities(c.description)).trim().slice(0, 1000);
      await insertCategory(deps.db.kysely, { slug, name, description, parentId, position: 0, now });
      deps.contentChanged();
      cat = (await deps.categories()).getBySlug(slug)!;
      report.count('category', 'created');
    }
    if (!mapped) await saveMapping(deps.db.kysely, { kind: 'category', wpId: c.termId, localId: cat.id });
    local.set(c.slug, cat);
    // Both spellings WordPress answers: /category/child/ and /category/parent/child/.
    await saveRedirect(deps.db.kysely, `/category/${c.slug}/`, `/${cat.slug}`, now);
    await saveRedirect(deps.db.kysely, `/category/${wpPath.get(c.slug)}/`, `/${cat.slug}`, now);
  }
  return local;
}

/** The category pages go to: out of the menu, made on first use. */
export async function pagesCategory(deps: CategoryDeps): Promise<Category> {
  const found = (await deps.categories()).getBySlug(PAGES_CATEGORY.slug);
  if (found) return found;
  if (!(await findCategoryBySlug(deps.db.kysely, PAGES_CATEGORY.slug))) {
    const now = deps.now().toISOString();
    await insertCategory(deps.db.kysely, {
      ...PAGES_CATEGORY,
      description: '',
      parentId: null,
      position: 0,
      now,
      inMenu: false,
    });
  }
  deps.contentChanged();
  return (await deps.categories()).getBySlug(PAGES_CATEGORY.slug)!;
}

/** Attachments by WordPress id, and by their path under uploads (for URLs in content). */
export interface ImportedMedia {
  byId: Map<number, MediaRow>;
  byPath: Map<string, MediaRow>;
  /** By the attachment's own URL, for exports whose files live elsewhere than wp-content/uploads (ours). */
  byUrl: Map<string, MediaRow>;
}

/**
 * Each attachment's file from --uploads goes through the media pipeline (the
 * content check, EXIF stripped, variants); the same file again is found by its
 * hash there, and by its WordPress id here without being read again.
 */
export async function importAttachments(
  deps: CategoryDeps & { media: MediaDeps },
  scan: WxrScan,
  uploadsDir: string | undefined,
  authors: Map<string, Author>,
  fallbackAuthor: () => Promise<Author>,
  report: ImportReport,
): Promise<ImportedMedia> {
  const out: ImportedMedia = { byId: new Map(), byPath: new Map(), byUrl: new Map() };
  const root = uploadsDir ? path.resolve(uploadsDir) : undefined;
  for (const a of scan.attachments.values()) {
    const known = await findMapping(deps.db.kysely, 'attachment', a.id);
    let row = known ? await findMedia(deps.db.kysely, known.local_id) : undefined;
    if (row) report.count('attachment', 'unchanged');
    else if (!root) {
      report.missing(a.url, 'no --uploads folder given');
      continue;
    } else {
      const full = path.resolve(root, a.file);
      if (!a.file || !full.startsWith(root + path.sep)) {
        report.skip('attachment', `path outside the uploads folder: ${a.file}`);
        continue;
      }
      const data = await readFile(full).catch(() => null);
      if (!data) {
        report.missing(a.url, `not found in --uploads (${a.file})`);
        continue;
      }
      const author = authors.get(a.creator) ?? (await fallbackAuthor());
      const actor: Actor = { id: author.id, role: 'author', displayName: author.displayName };
      try {
        row = await uploadMedia(deps.media, actor, {
          filename: path.basename(a.file),
          data,
          alt: toNfc(decodeEntities(a.alt)).slice(0, 300),
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        report.skip('attachment', `${a.file}: ${err.publicMessage}`);
        continue;
      }
      await saveMapping(deps.db.kysely, { kind: 'attachment', wpId: a.id, localId: row.id });
      report.count('attachment', 'created');
    }
    out.byId.set(a.id, row);
    out.byPath.set(a.file, row);
    out.byUrl.set(a.url, row);
  }
  return out;
}
