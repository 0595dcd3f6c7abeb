import { hasRoleAtLeast, isStaff, type Actor } from './roles.js';
import type { ArticleStatus } from '../db/schema.js';
import { forbidden } from '../errors.js';
import { messages as m } from '../messages/vi.js';

/** What can be done to one article. Whether the article's state allows it is workflow.ts's question. */
export type ArticleAction = 'view' | 'edit' | 'submit' | 'withdraw' | 'return' | 'publish' | 'unpublish' | 'delete';
/** Site-wide powers. */
export type SiteAction =
  | 'createArticle'
  | 'uploadMedia'
  | 'manageCategories'
  | 'manageSettings'
  | 'manageUsers'
  | 'viewAudit'
  | 'manageOrganisation';

export interface ArticleOwnership {
  author_id: number | null;
  status: ArticleStatus;
}

// An author's own article is theirs to change only before it goes to review;
// once submitted, the desk has it until it is returned.
const AUTHOR_OWN: Record<ArticleAction, readonly ArticleStatus[]> = {
  view: ['draft', 'submitted', 'returned', 'published', 'unpublished'],
  edit: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  withdraw: ['submitted'],
  delete: ['draft', 'returned'],
  return: [],
  publish: [],
  unpublish: [],
};

export function canOnArticle(actor: Actor | null, action: ArticleAction, article: ArticleOwnership): boolean {
  if (!isStaff(actor)) return false;
  if (hasRoleAtLeast(actor, 'editor')) return true;
  return article.author_id === actor!.id && AUTHOR_OWN[action].includes(article.status);
}

const SITE_MIN_ROLE = {
  createArticle: 'author',
  uploadMedia: 'author',
  manageCategories: 'admin',
  manageSettings: 'admin',
  manageUsers: 'admin',
  viewAudit: 'admin',
  // The organisation's pages are content, kept by the desk; the footer and logo stay with the settings (admins).
  manageOrganisation: 'editor',
} as const satisfies Record<SiteAction, 'author' | 'editor' | 'admin'>;

export function canOnSite(actor: Actor | null, action: SiteAction): boolean {
  return hasRoleAtLeast(actor, SITE_MIN_ROLE[action]);
}

export const refused = () => forbidden(m.newsroom.errors.forbidden);

export function assertCanOnSite(actor: Actor | null, action: SiteAction): asserts actor is Actor {
  if (!canOnSite(actor, action)) throw refused();
}
