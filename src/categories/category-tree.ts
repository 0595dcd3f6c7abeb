import type { CategoryRow } from './categories.repo.js';

export interface Category extends CategoryRow {
  parent: Category | null;
  children: Category[];
}

/** Categories change rarely; the whole tree is held in memory and rebuilt after a change. */
export class CategoryTree {
  readonly roots: Category[];
  private readonly byId = new Map<number, Category>();
  private readonly bySlug = new Map<string, Category>();

  constructor(rows: readonly CategoryRow[]) {
    for (const row of rows) {
      const cat: Category = { ...row, parent: null, children: [] };
      this.byId.set(cat.id, cat);
      this.bySlug.set(cat.slug, cat);
    }
    this.roots = [];
    for (const cat of this.byId.values()) {
      const parent = cat.parent_id === null ? undefined : this.byId.get(cat.parent_id);
      if (parent) {
        cat.parent = parent;
        parent.children.push(cat);
      } else {
        this.roots.push(cat);
      }
    }
  }

  get(id: number): Category | undefined {
    return this.byId.get(id);
  }

  getBySlug(slug: string): Category | undefined {
    return this.bySlug.get(slug);
  }

  /** Shown by the admin's choice, or, for one made without it, once it has a published article. */
  get menu(): Category[] {
    return this.roots.filter((c) => c.in_menu === 1 || (c.menu_auto === 1 && c.published_count > 0));
  }

  rootOf(cat: Category): Category {
    return cat.parent ?? cat;
  }
}
