import type { ColumnType, Generated } from 'kysely';

/** Timestamps travel as UTC ISO strings on both dialects (see dialects/postgres.ts). */
type Timestamp = string;

export interface CategoriesTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  parent_id: number | null;
  position: number;
  in_menu: number;
  published_count: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ArticleStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'unpublished';

export interface ArticlesTable {
  id: Generated<number>;
  title: string;
  slug: string;
  sapo: string;
  /** Sanitised on every save; the only raw HTML the views print. */
  body_html: string;
  byline: string | null;
  status: ArticleStatus;
  category_id: number;
  /** The top-level category, so a parent's page lists its children's articles from one index. */
  root_category_id: number;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Identity of an imported article in its old site, so a re-import updates it. */
  import_key: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface TagsTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface ArticleTagsTable {
  article_id: number;
  tag_id: number;
  position: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  categories: CategoriesTable;
  articles: ArticlesTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  settings: SettingsTable;
}
