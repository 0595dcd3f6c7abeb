import { z } from 'zod';
import type { Actor } from '../accounts/roles.js';
import type { ArticleDeps } from '../articles/articles.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { badRequest, notFound, parseOr400 } from '../errors.js';
import { messages } from '../messages/vi.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { ORG_RESERVED_SLUGS } from '../organisation/org-pages.js';
import { toNfc } from '../vi/normalize.js';
import { slugify } from '../vi/slug.js';
import { refreshPublishedCounts } from './categories.repo.js';
import { insertCategory } from './categories.repo.js';
import {
  addCategoryRedirect,
  countArticlesIn,
  deleteCategoryRow,
  dropCategoryRedirect,
  findCategoryRow,
  nextCategoryPosition,
  reinsertCategoryRow,
  setArticlesRoot,
  setPositions,
  updateCategoryRow,
} from './category-admin.repo.js';
import type { Selectable } from 'kysely';
import type { CategoriesTable } from '../db/schema.js';
import { addToTrash, takeFromTrash } from '../trash/trash.service.js';

const c = messages.categoryAdmin;

// First path segments the app itself answers; a category there would be unreachable.
const RESERVED = new Set([
  'quan-tri',
  'media',
  'assets',
  'dang-nhap',
  'dang-ky',
  'dang-xuat',
  'dat-lai-mat-khau',
  'quen-mat-khau',
  'xac-nhan-email',
  'tai-khoan',
  'tim-kiem',
  'van-ban',
  'rss',
  'ban-in',
  'hien-thi',
  'luu',
  'sitemap',
  'robots',
  'favicon',
  'healthz',
  ...ORG_RESERVED_SLUGS,
]);

const categorySchema = z.object({
  name: z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().min(1, c.nameRequired).max(160, c.nameTooLong)),
  slug: z
    .string()
    .trim()
    .default('')
    .pipe(
      z
        .string()
        .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, c.badSlug)
        .max(160, c.badSlug),
    ),
  description: z
    .string()
    .transform((s) => toNfc(s).trim())
    .pipe(z.string().max(1000))
    .default(''),
  parentId: z.number().int().positive().nullable().default(null),
  position: z.number().int().min(0).max(100_000).optional(),
  inMenu: z.boolean().default(true),
});

/** Checks the one-level nesting rule and the slug against the current tree. */
async function validate(deps: ArticleDeps, id: number | null, input: z.output<typeof categorySchema>) {
  const tree = await deps.categories();
  const slug = input.slug || slugify(input.name);
  if (!slug) throw badRequest(c.badSlug);
  if (RESERVED.has(slug)) throw badRequest(c.reservedSlug);
  const holder = tree.getBySlug(slug);
  if (holder && holder.id !== id) throw badRequest(c.slugTaken);
  if (input.parentId !== null) {
    const parent = tree.get(input.parentId);
    if (input.parentId === id) throw badRequest(c.selfParent);
    if (!parent || parent.parent) throw badRequest(c.parentNotRoot);
    if (id !== null && tree.get(id)?.children.length) throw badRequest(c.hasChildren);
  }
  return { tree, slug };
}

export async function createCategory(deps: ArticleDeps, actor: Actor | null, input: unknown): Promise<number> {
  assertCanOnSite(actor, 'manageCategories');
  const data = parseOr400(categorySchema, input);
  const { slug } = await validate(deps, null, data);
  const now = deps.now().toISOString();
  const id = await deps.db.kysely.transaction().execute(async (trx) => {
    const position = data.position ?? (await nextCategoryPosition(trx));
    const newId = await insertCategory(trx, {
      slug,
      name: data.name,
      description: data.description,
      parentId: data.parentId,
      position,
      now,
    });
    // Without "Hiện trên menu" it waits off the menu until it has a published article (CategoryTree.menu).
    if (!data.inMenu) await updateCategoryRow(trx, newId, { in_menu: 0, menu_auto: 1 });
    await dropCategoryRedirect(trx, slug);
    await recordAudit(trx, {
      actor,
      action: 'category.create',
      entityType: 'category',
      entityId: newId,
      detail: `${data.name} (/${slug})`,
      now,
    });
    return newId;
  });
  deps.contentChanged();
  return id;
}

/** Renames, moves, reorders. A changed slug leaves a redirect, so old links and bookmarks keep working. */
export async function updateCategory(
  deps: ArticleDeps,
  actor: Actor | null,
  id: number,
  input: unknown,
): Promise<void> {
  assertCanOnSite(actor, 'manageCategories');
  const data = parseOr400(categorySchema, input);
  const { tree, slug } = await validate(deps, id, data);
  const current = tree.get(id);
  if (!current) throw notFound(c.notFound);
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await updateCategoryRow(trx, id, {
      name: data.name,
      slug,
      description: data.description,
      parent_id: data.parentId,
      position: data.position ?? current.position,
      in_menu: data.inMenu ? 1 : 0,
      // Ticking or unticking is the admin's choice from now on; leaving an automatic one unticked keeps it automatic.
      menu_auto: current.menu_auto && !data.inMenu ? 1 : 0,
      updated_at: now,
    });
    await dropCategoryRedirect(trx, slug);
    if (slug !== current.slug) await addCategoryRedirect(trx, current.slug, id, now);
    const oldRoot = tree.rootOf(current).id;
    const newRoot = data.parentId ?? id;
    if (oldRoot !== newRoot) {
      await setArticlesRoot(trx, id, newRoot);
      await refreshPublishedCounts(trx, [oldRoot, newRoot, id], now);
    }
    const detail = slug !== current.slug ? `${current.name} (/${current.slug}) → ${data.name} (/${slug})` : data.name;
    await recordAudit(trx, { actor, action: 'category.update', entityType: 'category', entityId: id, detail, now });
  });
  deps.contentChanged();
}

const e = messages.newsroom.errors;

/**
 * Deletes a category to the trash. Refused while any article (even one in
 * the trash) or subcategory is filed under it, saying how many: articles are
 * never left without a category.
 */
export async function deleteCategory(
  deps: ArticleDeps,
  actor: Actor | null,
  id: number,
  batch: string,
): Promise<string> {
  assertCanOnSite(actor, 'manageCategories');
  const now = deps.now().toISOString();
  const name = await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await findCategoryRow(trx, id);
    if (!row) throw notFound(c.notFound);
    const tree = await deps.categories();
    const children = tree.get(id)?.children.length ?? 0;
    if (children) throw badRequest(c.deleteHasChildren(row.name, children));
    const articles = await countArticlesIn(trx, id);
    if (articles) throw badRequest(c.deleteHasArticles(row.name, articles));
    await addToTrash(trx, { kind: 'category', itemId: id, label: row.name, data: row, batch, actor, now });
    await deleteCategoryRow(trx, id);
    await recordAudit(trx, {
      actor,
      action: 'category.delete',
      entityType: 'category',
      entityId: id,
      detail: row.name,
      now,
    });
    return row.name;
  });
  deps.contentChanged();
  return name;
}

/** Puts a deleted category back, unless its address or its parent went meanwhile. */
export async function restoreCategoryFromTrash(deps: ArticleDeps, actor: Actor | null, id: number): Promise<void> {
  assertCanOnSite(actor, 'manageCategories');
  const tree = await deps.categories();
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await takeFromTrash<Selectable<CategoriesTable>>(trx, 'category', id);
    if (!row) throw notFound(e.notInTrash);
    if (tree.getBySlug(row.slug)) throw badRequest(c.restoreSlugTaken(row.name, row.slug));
    if (row.parent_id !== null && !tree.get(row.parent_id)) throw badRequest(c.restoreParentGone(row.name));
    await reinsertCategoryRow(trx, { ...row, published_count: 0, updated_at: now });
    await recordAudit(trx, {
      actor,
      action: 'category.restore',
      entityType: 'category',
      entityId: id,
      detail: row.name,
      now,
    });
  });
  deps.contentChanged();
}

/** Forgets a deleted category for good (it holds nothing by then): admins only. */
export async function purgeCategory(deps: ArticleDeps, actor: Actor | null, id: number): Promise<void> {
  assertCanOnSite(actor, 'manageCategories');
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    const row = await takeFromTrash<Selectable<CategoriesTable>>(trx, 'category', id);
    if (!row) throw notFound(e.notInTrash);
    await recordAudit(trx, {
      actor,
      action: 'trash.purge',
      entityType: 'category',
      entityId: id,
      detail: row.name,
      now,
    });
  });
}

/** Moves a category one place up or down among its siblings; the first stays first. */
export async function moveCategory(deps: ArticleDeps, actor: Actor | null, id: number, by: -1 | 1): Promise<string> {
  assertCanOnSite(actor, 'manageCategories');
  const tree = await deps.categories();
  const cat = tree.get(id);
  if (!cat) throw notFound(c.notFound);
  const siblings = [...(cat.parent ? cat.parent.children : tree.roots)].map((s) => s.id);
  const at = siblings.indexOf(id);
  const to = at + by;
  if (to < 0 || to >= siblings.length) return cat.name;
  [siblings[at], siblings[to]] = [siblings[to]!, siblings[at]!];
  const now = deps.now().toISOString();
  await deps.db.kysely.transaction().execute(async (trx) => {
    await setPositions(trx, siblings, now);
    await recordAudit(trx, {
      actor,
      action: 'category.update',
      entityType: 'category',
      entityId: id,
      detail: cat.name,
      now,
    });
  });
  deps.contentChanged();
  return cat.name;
}
