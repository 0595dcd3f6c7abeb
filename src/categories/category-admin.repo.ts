import type { Kysely, Transaction, Updateable } from 'kysely';
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
