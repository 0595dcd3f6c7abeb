// The audit log is written by each module's service inside its own transaction;
// this is what other modules may use of it.
export { listAudit, recordAudit, type AuditAction, type AuditEntry } from './audit.repo.js';
