import type { Kysely } from 'kysely';
import type { DbHandle } from '../db/index.js';
import type { Database } from '../db/schema.js';
import { insertCategory, listCategories } from './categories.repo.js';
import { CategoryTree, type Category } from './category-tree.js';

export {
  findCategoryBySlug,
  insertCategory,
  refreshPublishedCounts,
  shiftPublishedCountsOf,
} from './categories.repo.js';

export async function loadCategoryTree(db: Kysely<Database>): Promise<CategoryTree> {
  return new CategoryTree(await listCategories(db));
}

/** What resolving an import's category needs of the site (Site.deps). */
export interface CategoryDeps {
  db: DbHandle;
  categories: () => Promise<CategoryTree>;
  now: () => Date;
  contentChanged: () => void;
}

export class UnknownCategoryError extends Error {}

const FALLBACK = { slug: 'tin-tuc', name: 'Tin tức', description: '' };

/**
 * The category an import goes to: the one named, or else the first in the
 * menu, or else a "Tin tức" category made for the purpose on an empty site.
 */
export async function resolveImportCategory(site: CategoryDeps, slug: string | undefined): Promise<Category> {
  const tree = await site.categories();
  if (slug) {
    const found = tree.getBySlug(slug);
    if (!found) {
      const known = [...tree.roots.flatMap((r) => [r, ...r.children])].map((c) => c.slug);
      throw new UnknownCategoryError(
        `unknown category "${slug}"${known.length ? `; known: ${known.join(', ')}` : '; the site has no categories yet'}`,
      );
    }
    return found;
  }
  const first = tree.menu[0] ?? tree.roots[0];
  if (first) return first;
  await insertCategory(site.db.kysely, { ...FALLBACK, parentId: null, position: 0, now: site.now().toISOString() });
  site.contentChanged();
  return (await site.categories()).getBySlug(FALLBACK.slug)!;
}
