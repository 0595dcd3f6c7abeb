import { loadCategoryTree } from '../categories/categories.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/index.js';
import { SiteOrigin } from '../web/site-origin.js';
import { loadSettings, type SiteSettings } from './settings.repo.js';

/**
 * What every page needs besides its own rows: the category tree and the site
 * settings. Both are read once and kept until content changes.
 */
export class Site {
  /** Bumped on every committed change; caches compare against it. */
  version = 0;
  private tree: Promise<CategoryTree> | null = null;
  private settingsCache: Promise<SiteSettings> | null = null;
  /** Where absolute links point: SITE_URL, or the listening address (src/web/site-origin.ts). */
  readonly origin: SiteOrigin;

  constructor(
    readonly db: DbHandle,
    readonly config: Config,
    readonly now: () => Date = () => new Date(),
  ) {
    this.origin = new SiteOrigin(config);
  }

  categories(): Promise<CategoryTree> {
    this.tree ??= loadCategoryTree(this.db.db);
    this.tree.catch(() => (this.tree = null));
    return this.tree;
  }

  settings(): Promise<SiteSettings> {
    this.settingsCache ??= loadSettings(this.db.db, this.config, this.origin.value);
    this.settingsCache.catch(() => (this.settingsCache = null));
    return this.settingsCache;
  }

  readonly contentChanged = (): void => {
    this.version++;
    this.tree = null;
    this.settingsCache = null;
  };

  /** The dependencies services take, bound to this site. */
  get deps() {
    return {
      db: this.db,
      categories: () => this.categories(),
      now: this.now,
      contentChanged: this.contentChanged,
    };
  }
}
