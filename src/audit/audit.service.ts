import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../accounts/roles.js';
import type { Database } from '../db/schema.js';
import type { DbHandle } from '../db/index.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { parseAuditQuery, type AuditQuery } from './audit-filter.js';
import { auditSentence } from './audit-sentences.js';
import { listAudit, listAuditActors, listAuditOf, type AuditEntryWithRole } from './audit.repo.js';

// Each module's service writes the log inside its own transaction.
export { recordAudit, recordAudits, type AuditAction, type AuditEntryWithRole } from './audit.repo.js';

type Db = Kysely<Database> | Transaction<Database>;

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

/**
 * One record's entries as the log words them, oldest first, for a page that
 * has already checked who may see that record (an article's history).
 */
export async function auditSentencesOf(
  db: Db,
  entityType: string,
  entityId: number,
  leaveOut: readonly string[] = [],
): Promise<{ at: string; sentence: string }[]> {
  const entries = await listAuditOf(db, entityType, entityId);
  return entries
    .filter((e) => !leaveOut.includes(e.action))
    .map((e) => ({ at: e.created_at, sentence: auditSentence(e) }));
}
