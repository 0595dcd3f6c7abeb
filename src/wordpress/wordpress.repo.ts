import type { Kysely, Transaction } from 'kysely';
import { inList } from '../db/in-list.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** 'org_page': a page that became one of the organisation's pages; its local_id is that page's place in ORG_PAGES, from 1. */
export type WpKind = 'post' | 'page' | 'org_page' | 'comment' | 'attachment' | 'category' | 'author';

export interface WpMapping {
  local_id: number;
  digest: string;
}

export function findMapping(db: Db, kind: WpKind, wpId: number): Promise<WpMapping | undefined> {
  return db
    .selectFrom('wordpress_items')
    .select(['local_id', 'digest'])
    .where('kind', '=', kind)
    .where('wp_id', '=', wpId)
    .executeTakeFirst();
}

/** The mappings of many ids of one kind at once: a post's comments, a batch's posts. */
export async function findMappings(db: Db, kind: WpKind, wpIds: readonly number[]): Promise<Map<number, WpMapping>> {
  const out = new Map<number, WpMapping>();
  if (!wpIds.length) return out;
  const rows = await db
    .selectFrom('wordpress_items')
    .select(['wp_id', 'local_id', 'digest'])
    .where('kind', '=', kind)
    .where(inList(db, 'wp_id', wpIds))
    .execute();
  for (const r of rows) out.set(r.wp_id, { local_id: r.local_id, digest: r.digest });
  return out;
}

export function saveMapping(
  db: Db,
  m: { kind: WpKind; wpId: number; localId: number; wpParent?: number | null; digest?: string },
): Promise<void> {
  return saveMappings(db, [m]);
}

/** Many mappings in one statement. Each (kind, id) once. */
export async function saveMappings(
  db: Db,
  ms: readonly { kind: WpKind; wpId: number; localId: number; wpParent?: number | null; digest?: string }[],
): Promise<void> {
  if (!ms.length) return;
  await db
    .insertInto('wordpress_items')
    .values(
      ms.map((m) => ({
        kind: m.kind,
        wp_id: m.wpId,
        local_id: m.localId,
        wp_parent: m.wpParent ?? null,
        digest: m.digest ?? '',
      })),
    )
    .onConflict((oc) =>
      oc.columns(['kind', 'wp_id']).doUpdateSet((eb) => ({
        local_id: eb.ref('excluded.local_id'),
        wp_parent: eb.ref('excluded.wp_parent'),
        digest: eb.ref('excluded.digest'),
      })),
    )
    .execute();
}

/** WordPress parents of imported pages, by local article id, for the export. */
export async function pageParents(db: Db): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('wordpress_items as child')
    .innerJoin('wordpress_items as parent', (j) =>
      j.onRef('parent.wp_id', '=', 'child.wp_parent').on('parent.kind', '=', 'page'),
    )
    .select(['child.local_id as child', 'parent.local_id as parent'])
    .where('child.kind', '=', 'page')
    .execute();
  return new Map(rows.map((r) => [r.child, r.parent]));
}
