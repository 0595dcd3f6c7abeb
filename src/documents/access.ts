import type { DocumentsTable } from './documents.schema.js';

/** Who looks: null for a guest; editors and admins see every published document. */
export interface Viewer {
  role: string;
}

/** Published, and either open to all or to the viewer's role (a restricted document is hidden from guests). */
export function isVisible(doc: Pick<DocumentsTable, 'state' | 'visible_roles'>, viewer: Viewer | null): boolean {
  if (doc.state !== 'published') return false;
  if (!doc.visible_roles) return true;
  if (!viewer) return false;
  return viewer.role === 'editor' || viewer.role === 'admin' || doc.visible_roles.includes(`,${viewer.role},`);
}
