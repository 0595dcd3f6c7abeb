import type { Actor } from '../accounts/roles.js';
import type { DbHandle } from '../db/index.js';
import { assertCanOnSite } from '../accounts/permissions.js';
import { listAudit, type AuditEntryWithRole } from './audit.repo.js';

// Each module's service writes the log inside its own transaction.
export { recordAudit, type AuditAction, type AuditEntry, type AuditEntryWithRole } from './audit.repo.js';

/** The newest entries of the log, for those allowed to read it. */
export async function listAuditForStaff(db: DbHandle, actor: Actor | null): Promise<AuditEntryWithRole[]> {
  assertCanOnSite(actor, 'viewAudit');
  return listAudit(db.kysely, { limit: 200, offset: 0 });
}
