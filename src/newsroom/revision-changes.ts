import type { Kysely, Transaction } from 'kysely';
import type { CategoryTree } from '../categories/category-tree.js';
import type { Database } from '../db/schema.js';
import { findMedia } from '../media/media.service.js';
import { messages } from '../messages/vi.js';
import type { RevisionRow } from './newsroom.repo.js';
import { tagsOf } from './revision-content.js';
import { diffText, type DiffPart } from './revision-diff.js';

type Db = Kysely<Database> | Transaction<Database>;
const p = messages.newsroom.pages;

export type ChangedField = keyof typeof p.diffFields;
export interface FieldChange {
  field: ChangedField;
  parts: DiffPart[];
}

/**
 * The fields besides headline, sapo and body that differ between two complete
 * revisions, each as readable text (category and cover by name, not by id).
 */
export async function changedFields(
  db: Db,
  tree: CategoryTree,
  from: RevisionRow,
  to: RevisionRow,
): Promise<FieldChange[]> {
  const [fromText, toText] = await Promise.all([readable(db, tree, from), readable(db, tree, to)]);
  return (Object.keys(fromText) as ChangedField[])
    .filter(
      (field) => fromText[field] !== undefined && toText[field] !== undefined && fromText[field] !== toText[field],
    )
    .map((field) => ({ field, parts: diffText(fromText[field]!, toText[field]!) }));
}

/** Each field as text; undefined where the revision did not record it (so no change is claimed). */
async function readable(db: Db, tree: CategoryTree, r: RevisionRow): Promise<Record<ChangedField, string | undefined>> {
  const cover = r.cover_media_id === null ? undefined : await findMedia(db, r.cover_media_id);
  const orEmpty = (s: string | null | undefined) => s || p.diffEmpty;
  return {
    byline: orEmpty(r.byline),
    category: r.category_id === null ? p.diffEmpty : (tree.get(r.category_id)?.name ?? `#${r.category_id}`),
    tags: orEmpty(tagsOf(r.tags).join(', ')),
    cover: r.cover_media_id === null ? p.diffEmpty : cover?.alt || cover?.original_name || `#${r.cover_media_id}`,
    seoTitle: orEmpty(r.seo_title),
    seoDescription: orEmpty(r.seo_description),
    allowComments: r.comments_closed ? p.diffNo : p.diffYes,
    featured: r.featured === null ? undefined : r.featured ? p.diffYes : p.diffNo,
  };
}
