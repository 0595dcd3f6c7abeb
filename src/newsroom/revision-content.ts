import type { RevisionRow, StaffArticle } from './newsroom.repo.js';
import type { ArticleContent } from './newsroom.schema.js';

/** Everything the article form edits: what a revision keeps and a restore brings back. */
export type ArticleSnapshot = Pick<
  StaffArticle,
  | 'title'
  | 'sapo'
  | 'body_html'
  | 'byline'
  | 'category_id'
  | 'cover_media_id'
  | 'seo_title'
  | 'seo_description'
  | 'comments_closed'
  | 'featured'
> & { tags: readonly string[] };

/** The revision columns of a snapshot (an empty byline is '' here, null in articles). */
export function revisionColumns(s: ArticleSnapshot) {
  return {
    title: s.title,
    sapo: s.sapo,
    body_html: s.body_html,
    byline: s.byline ?? '',
    category_id: s.category_id,
    tags: JSON.stringify(s.tags),
    cover_media_id: s.cover_media_id,
    seo_title: s.seo_title,
    seo_description: s.seo_description,
    comments_closed: s.comments_closed,
    featured: s.featured,
  };
}

/** Whether a save changed anything a revision keeps; saves that change nothing (or only the version) keep none. */
export function snapshotsDiffer(a: ArticleSnapshot, b: ArticleSnapshot): boolean {
  const x = revisionColumns(a);
  const y = revisionColumns(b);
  return (Object.keys(x) as (keyof typeof x)[]).some((k) => x[k] !== y[k]);
}

/** Revisions from before migration 008 kept only headline, sapo and body; category_id marks the complete ones. */
export function recordsEveryField(rev: RevisionRow): boolean {
  return rev.category_id !== null;
}

/** The tag names a revision kept (a JSON array); anything unreadable counts as none. */
export function tagsOf(json: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

/** What a revision holds; the fields an old revision did not record are taken from `current`. */
export function snapshotOfRevision(rev: RevisionRow, current: ArticleSnapshot): ArticleSnapshot {
  const text = { title: rev.title, sapo: rev.sapo, body_html: rev.body_html };
  if (!recordsEveryField(rev)) return { ...current, ...text };
  return {
    ...text,
    byline: rev.byline || null,
    category_id: rev.category_id!,
    tags: tagsOf(rev.tags),
    cover_media_id: rev.cover_media_id,
    seo_title: rev.seo_title ?? '',
    seo_description: rev.seo_description ?? '',
    comments_closed: rev.comments_closed ?? 0,
    // Not recorded before migration 052: the flag stays as it is.
    featured: rev.featured ?? current.featured,
  };
}

/** A snapshot in the shape the form gives, so a restore goes through the same checks as a save. */
export function contentOfSnapshot(s: ArticleSnapshot): ArticleContent {
  return {
    title: s.title,
    sapo: s.sapo,
    bodyHtml: s.body_html,
    byline: s.byline ?? '',
    categoryId: s.category_id,
    tags: [...s.tags],
    seoTitle: s.seo_title,
    seoDescription: s.seo_description,
    allowComments: !s.comments_closed,
    coverMediaId: s.cover_media_id,
    featured: s.featured === 1,
  };
}
