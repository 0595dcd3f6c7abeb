import type { Database } from './schema.js';

/**
 * The site's tables by name, at run time. The type makes it list every table
 * of `Database` and no other, so a feature that adds a table adds it here too.
 * A restore needs it to tell the site's newer tables (to rebuild) from another
 * program's tables in a shared schema (to leave alone).
 */
const TABLES: Record<keyof Database, true> = {
  categories: true,
  articles: true,
  tags: true,
  article_tags: true,
  settings: true,
  users: true,
  sessions: true,
  auth_tokens: true,
  recovery_codes: true,
  auth_events: true,
  throttles: true,
  media: true,
  article_revisions: true,
  audit_log: true,
  category_redirects: true,
  comments: true,
  stats_days: true,
  stats_article_views: true,
  stats_online: true,
  site_links: true,
};

export const siteTableNames: readonly string[] = Object.keys(TABLES);
