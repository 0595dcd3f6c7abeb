import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CategoriesTable, Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const categoryColumns = [
  'id',
  'slug',
  'name',
  'description',
  'parent_id',
  'position',
  'in_menu',
  'menu_auto',
  'published_count',
] as const;

/** `menu_auto` may be left out by hand-made trees (tests): then the category's place on the menu is `in_menu` alone. */
export type CategoryRow = Pick<Selectable<CategoriesTable>, Exclude<(typeof categoryColumns)[number], 'menu_auto'>> & {
  menu_auto?: number;
};

export function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom('categories').select(categoryColumns).orderBy('position').orderBy('id').execute();
}

export function findCategoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('categories').select(categoryColumns).where('slug', '=', slug).executeTakeFirst();
}

export async function insertCategory(
  db: Db,
  c: {
    slug: string;
    name: string;
    description: string;
    parentId: number | null;
    position: number;
    now: string;
    inMenu?: boolean;
  },
): Promise<number> {
  const row = await db
    .insertInto('categories')
    .values({
      slug: c.slug,
      name: c.name,
      description: c.description,
      parent_id: c.parentId,
      position: c.position,
      in_menu: c.inMenu === false ? 0 : 1,
      created_at: c.now,
      updated_at: c.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Recounted on every change so listing pages can paginate without COUNT(*) per request.
 * With `now`, articles scheduled for later are not counted until the scheduler recounts at their time.
 */
export async function refreshPublishedCounts(db: Db, categoryIds: readonly number[], now?: string): Promise<void> {
  for (const id of new Set(categoryIds)) {
    let q = db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .where((eb) => eb.or([eb('category_id', '=', id), eb('root_category_id', '=', id)]));
    if (now !== undefined) q = q.where('published_at', '<=', now);
    const { n } = await q.executeTakeFirstOrThrow();
    await db
      .updateTable('categories')
      .set({ published_count: Number(n) })
      .where('id', '=', id)
      .execute();
  }
}

/** Where an article sits, as far as the published counts care. */
export interface CountedPlacement {
  status: string;
  category_id: number;
  root_category_id: number;
}

/**
 * Moves one article's weight in the published counts from where it was to where it is now, as
 * `refreshPublishedCounts` without `now` would count it, without reading the other articles.
 */
export async function shiftPublishedCounts(
  db: Db,
  before: CountedPlacement | undefined,
  after: CountedPlacement | undefined,
): Promise<void> {
  await shiftPublishedCountsOf(db, [[before, after]]);
}

/** The same for many articles at once: one update per category touched, not per article. */
export async function shiftPublishedCountsOf(
  db: Db,
  changes: readonly (readonly [before: CountedPlacement | undefined, after: CountedPlacement | undefined])[],
): Promise<void> {
  const delta = new Map<number, number>();
  const weigh = (p: CountedPlacement | undefined, by: number) => {
    if (p?.status !== 'published') return;
    for (const id of new Set([p.category_id, p.root_category_id])) delta.set(id, (delta.get(id) ?? 0) + by);
  };
  for (const [before, after] of changes) {
    weigh(before, -1);
    weigh(after, 1);
  }
  for (const [id, by] of delta) {
    if (by === 0) continue;
    await db
      .updateTable('categories')
      .set((eb) => ({ published_count: eb('published_count', '+', by) }))
      .where('id', '=', id)
      .execute();
  }
}
