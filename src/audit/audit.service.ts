import type { Actor } from '../accounts/roles.js';
import type { DbHandle } from '../db/index.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { parseAuditQuery, type AuditQuery } from './audit-filter.js';
import { listAudit, listAuditActors, type AuditEntryWithRole } from './audit.repo.js';

// Each module's service writes the log inside its own transaction.
export { recordAudit, type AuditAction, type AuditEntry, type AuditEntryWithRole } from './audit.repo.js';

export interface AuditListing {
  entries: AuditEntryWithRole[];
  query: AuditQuery;
}

/** The page shows the newest entries; the CSV export has room for a whole filtered period. */
const LIMITS = { page: 200, csv: 20_000 } as const;

/** Entries matching ?nguoi=&hanh-dong=&tu=&den=, for those allowed to read the log; bad filters are a 400. */
export async function listAuditForStaff(
  db: DbHandle,
  actor: Actor | null,
  rawQuery: unknown,
  size: keyof typeof LIMITS = 'page',
): Promise<AuditListing> {
  assertCanOnSite(actor, 'viewAudit');
  const { query, filter } = parseAuditQuery(rawQuery);
  return { entries: await listAudit(db.kysely, { limit: LIMITS[size], offset: 0, filter }), query };
}

export async function listAuditActorsForStaff(db: DbHandle, actor: Actor | null) {
  assertCanOnSite(actor, 'viewAudit');
  return listAuditActors(db.kysely);
}
