/** Which row each WordPress object became (migration 030). */
export interface WordpressItemsTable {
  /** post, page, comment, attachment, category, author */
  kind: string;
  wp_id: number;
  local_id: number;
  /** A page's parent page, kept so an export can give the hierarchy back. */
  wp_parent: number | null;
  /** Hash of what was last written: an unchanged item is not written again. */
  digest: string;
}
