import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { CategoriesTable, Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function updateCategoryRow(db: Db, id: number, changes: Updateable<CategoriesTable>): Promise<void> {
  await db.updateTable('categories').set(changes).where('id', '=', id).execute();
}

export async function nextCategoryPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('categories')
    .select((eb) => eb.fn.max<number>('position').as('max'))
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** An old slug now points at the category; a slug taken again stops redirecting. */
export async function addCategoryRedirect(db: Db, oldSlug: string, categoryId: number, now: string): Promise<void> {
  await db.deleteFrom('category_redirects').where('old_slug', '=', oldSlug).execute();
  await db
    .insertInto('category_redirects')
    .values({ old_slug: oldSlug, category_id: categoryId, created_at: now })
    .execute();
}

export async function dropCategoryRedirect(db: Db, slug: string): Promise<void> {
  await db.deleteFrom('category_redirects').where('old_slug', '=', slug).execute();
}

export async function findCategoryRedirect(db: Db, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('category_redirects')
    .innerJoin('categories', 'categories.id', 'category_redirects.category_id')
    .select('categories.slug')
    .where('category_redirects.old_slug', '=', oldSlug)
    .executeTakeFirst();
  return row?.slug;
}

/** Articles remember their top-level category; moving a category moves that too. */
export async function setArticlesRoot(db: Db, categoryId: number, rootId: number): Promise<void> {
  await db.updateTable('articles').set({ root_category_id: rootId }).where('category_id', '=', categoryId).execute();
}

/** Articles filed under the category (or, for a top-level one, under its children), trashed ones included. */
export async function countArticlesIn(db: Db, id: number): Promise<number> {
  const { n } = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('category_id', '=', id), eb('root_category_id', '=', id)]))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export function findCategoryRow(db: Db, id: number): Promise<Selectable<CategoriesTable> | undefined> {
  return db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function deleteCategoryRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('categories').where('id', '=', id).execute();
}

/** Puts a category back with its own id, so links to /chuyen-muc?id and menus that named it keep working. */
export async function reinsertCategoryRow(db: Db, row: Selectable<CategoriesTable>): Promise<void> {
  await db.insertInto('categories').values(row).execute();
}

/** Sets the order of one level: each id gets its index. */
export async function setPositions(db: Db, ids: readonly number[], now: string): Promise<void> {
  for (const [position, id] of ids.entries())
    await db.updateTable('categories').set({ position, updated_at: now }).where('id', '=', id).execute();
}
