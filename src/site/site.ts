import { loadCategoryTree } from '../categories/categories.service.js';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Config } from '../config.js';
import type { Transaction } from 'kysely';
import type { Database, DbHandle } from '../db/index.js';
import { createContentSignal, type ContentSignal, type SignalLog } from '../db/notify.js';
import { ORG_FOOTER_LINKS } from '../organisation/org-pages.js';
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
  private readonly changeListeners: (() => void)[] = [];
  /** How other processes on this database (instances, workers, the CLI) hear of changes made here, and this one of theirs. */
  private readonly signal: ContentSignal;

  constructor(
    readonly db: DbHandle,
    readonly config: Config,
    readonly now: () => Date = () => new Date(),
  ) {
    this.origin = new SiteOrigin(config);
    this.signal = createContentSignal(db, config.databaseUrl);
  }

  categories(): Promise<CategoryTree> {
    this.tree ??= loadCategoryTree(this.db.kysely);
    this.tree.catch(() => (this.tree = null));
    return this.tree;
  }

  settings(): Promise<SiteSettings> {
    this.settingsCache ??= loadSettings(this.db.kysely, this.config, this.origin.value).then((s) => ({
      ...s,
      about: ORG_FOOTER_LINKS,
    }));
    this.settingsCache.catch(() => (this.settingsCache = null));
    return this.settingsCache;
  }

  /** After a committed change: drops this process's caches and tells the others to drop theirs. */
  readonly contentChanged = (): void => {
    this.dropCaches();
    this.signal.announce();
  };

  /** Drops what this process cached: the tree, the settings, and (through the version) every page and search. */
  readonly dropCaches = (): void => {
    this.version++;
    this.tree = null;
    this.settingsCache = null;
    for (const listener of this.changeListeners) listener();
  };

  /** Called after every committed change, this process's or another's (the webhook worker wakes on it). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Tells other processes from inside the change's transaction, so a rollback tells nobody; call dropCaches after the commit. */
  announceIn(trx: Transaction<Database>): Promise<void> {
    return this.signal.announceIn(trx);
  }

  /** Starts hearing other processes' changes (the web server does; CLI commands only announce). */
  listen(log: SignalLog): Promise<void> {
    return this.signal.listen(this.dropCaches, log);
  }

  /** Resolves once the changes announced so far have been sent. */
  announced(): Promise<void> {
    return this.signal.settled();
  }

  /** Sends what is still pending and stops listening; before the database closes. */
  close(): Promise<void> {
    return this.signal.close();
  }

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
