import type { OrganisationTables } from '../organisation/organisation.schema.js';
import type { ColumnType, Generated } from 'kysely';
import type { WebhookTables } from '../webhooks/webhooks.schema.js';
import type { RedirectsTable } from '../redirects/redirects.schema.js';
import type { WordpressItemsTable } from '../wordpress/wordpress.schema.js';
import type { DocumentTables } from '../documents/documents.schema.js';
import type { HomeTables } from '../home/home.schema.js';
import type { StatsTables } from '../stats/stats.schema.js';

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
  /** Made without "Hiện trên menu": on the menu once it has a published article (migration 043). */
  menu_auto: ColumnType<number, number | undefined, number>;
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
  /** Newsroom columns (migration 005). */
  author_id: ColumnType<number | null, number | null | undefined, number | null>;
  seo_title: ColumnType<string, string | undefined, string>;
  seo_description: ColumnType<string, string | undefined, string>;
  cover_media_id: ColumnType<number | null, number | null | undefined, number | null>;
  review_note: ColumnType<string, string | undefined, string>;
  schedule_pending: ColumnType<number, number | undefined, number>;
  /** "Tin nổi bật": 1 when the editors chose it to lead the home page (migration 041). */
  featured: ColumnType<number, number | undefined, number>;
  /** Approved reader comments, kept up to date by the comments service. */
  comment_count: ColumnType<number, number | undefined, number>;
  /** Of those, the ones that answer no other comment: what the article page pages through (migration 013). */
  top_comment_count: ColumnType<number, number | undefined, number>;
  comments_closed: ColumnType<number, number | undefined, number>;
  /** The headline folded for the newsroom's title search (migration 009); written with the title by the repos. */
  title_key: ColumnType<string, string | undefined, string>;
  /** In the trash since then (migration 043); hidden from every list. */
  trashed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
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

export type UserRole = 'reader' | 'author' | 'editor' | 'admin';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  display_name: string;
  role: UserRole;
  password_hash: string | null;
  disabled: ColumnType<number, number | undefined, number>;
  email_verified: ColumnType<number, number | undefined, number>;
  totp_secret: string | null;
  totp_enabled: ColumnType<number, number | undefined, number>;
  totp_last_step: ColumnType<number, number | undefined, number>;
  /** A new secret, on only once a code from it is confirmed. */
  totp_pending_secret: string | null;
  /** Stopped from commenting by an editor ("Chặn người gửi", migration 053). */
  comments_banned: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: number;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  user_agent: string;
  verified: ColumnType<number, number | undefined, number>;
}

export type TokenPurpose = 'reset' | 'verify' | 'set_password' | 'change_email';

export interface AuthTokensTable {
  token_hash: string;
  user_id: number;
  purpose: TokenPurpose;
  email: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface AuthEventsTable {
  id: Generated<number>;
  user_id: number | null;
  event: string;
  ip: string;
  detail: string;
  created_at: Timestamp;
}

export interface ThrottlesTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface MediaTable {
  id: Generated<number>;
  kind: 'image' | 'attachment';
  /** Content hash: file names built from it never change, so they can be cached forever. */
  storage_key: string;
  original_name: string;
  mime: string;
  ext: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Comma-separated widths of the WebP variants, e.g. "480,960,1600". */
  variant_widths: string;
  alt: string;
  uploaded_by: number | null;
  created_at: Timestamp;
  trashed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface ArticleRevisionsTable {
  id: Generated<number>;
  article_id: number;
  article_version: number;
  /** "Bản 1, 2, 3…": this revision's place among its article's revisions, with no gaps (migration 046). */
  revision_number: Generated<number>;
  title: string;
  sapo: string;
  body_html: string;
  /** The other fields of the form (migration 008); null in revisions written before it. */
  byline: string | null;
  /** Never null in a revision that recorded every field: the marker of one. */
  category_id: number | null;
  /** JSON array of tag names, in order. */
  tags: string | null;
  cover_media_id: number | null;
  seo_title: string | null;
  seo_description: string | null;
  comments_closed: number | null;
  /** "Tin nổi bật" (migration 052); null in revisions written before it, which did not record it. */
  featured: ColumnType<number | null, number | null | undefined, number | null>;
  actor_id: number | null;
  actor_name: string;
  note: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: number | null;
  detail: string;
  created_at: Timestamp;
}

export interface CategoryRedirectsTable {
  old_slug: string;
  category_id: number;
  created_at: Timestamp;
}

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'rejected';

/** HTML made from a comment's text by the comment renderer, the only code that casts to it. */
export type CommentHtml = string & { readonly __commentHtml: true };

export interface CommentsTable {
  id: Generated<number>;
  /** A comment is on exactly one article or one document (a góp ý on a draft under consultation). */
  article_id: ColumnType<number | null, number | null | undefined, number | null>;
  document_id: ColumnType<number | null, number | null | undefined, number | null>;
  parent_id: number | null;
  user_id: number | null;
  author_name: string;
  author_email: string | null;
  /** Plain text as the reader wrote it: the source for editing, search, export and moderation. */
  body: string;
  /** body rendered by src/comments/comment-text.ts when written; its type lets nothing else write it. */
  body_html: ColumnType<string, CommentHtml | undefined, CommentHtml>;
  /** The renderer version of body_html (COMMENT_HTML_VERSION); older rows are rendered again at start-up. */
  body_html_version: ColumnType<number, number | undefined, number>;
  status: CommentStatus;
  is_official: ColumnType<number, number | undefined, number>;
  ip: string;
  content_hash: string;
  /** sha256 of the guest's edit token; null for accounts' comments and once nobody may change it. */
  owner_token_hash: string | null;
  reports: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  trashed_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export type TrashKind = 'article' | 'comment' | 'category' | 'media';

export interface TrashTable {
  id: Generated<number>;
  kind: TrashKind;
  item_id: number;
  /** What the list shows: a headline, a commenter's name, a file name. */
  label: string;
  /** JSON: what restoring puts back (a status, or a whole category row). */
  data: string;
  /** The entries one action made share it, so one "Hoàn tác" restores them all. */
  batch: string;
  deleted_by: number | null;
  deleted_at: Timestamp;
}

export interface Database extends OrganisationTables, WebhookTables, DocumentTables, StatsTables, HomeTables {
  categories: CategoriesTable;
  trash: TrashTable;
  articles: ArticlesTable;
  tags: TagsTable;
  article_tags: ArticleTagsTable;
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  recovery_codes: RecoveryCodesTable;
  auth_events: AuthEventsTable;
  throttles: ThrottlesTable;
  media: MediaTable;
  article_revisions: ArticleRevisionsTable;
  audit_log: AuditLogTable;
  category_redirects: CategoryRedirectsTable;
  comments: CommentsTable;
  redirects: RedirectsTable;
  wordpress_items: WordpressItemsTable;
}
