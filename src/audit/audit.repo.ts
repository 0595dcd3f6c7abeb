import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../accounts/roles.js';
import type { AuditLogTable, Database } from '../db/schema.js';
import type { AuditFilter } from './audit-filter.js';

type Db = Kysely<Database> | Transaction<Database>;

export type AuditAction =
  | 'article.submit'
  | 'article.return'
  | 'article.publish'
  | 'article.schedule'
  | 'article.scheduled_live'
  | 'article.unpublish'
  | 'article.delete'
  | 'article.restore_revision'
  | 'category.create'
  | 'category.update'
  | 'settings.update'
  | 'media.upload'
  | (string & {});

export type AuditEntry = Selectable<AuditLogTable>;
/** An entry with the actor's current role, so the log can say "Biên tập viên Nguyễn Văn A đã …". */
export type AuditEntryWithRole = AuditEntry & { actor_role: string | null };

export interface AuditRecord {
  actor: Actor | null;
  action: AuditAction;
  entityType: string;
  entityId: number | null;
  detail?: string;
  now: string;
}

/** Written inside the caller's transaction, so an action and its log line commit together. */
export function recordAudit(db: Db, e: AuditRecord): Promise<void> {
  return recordAudits(db, [e]);
}

/** Many lines in one statement: an import's rows. */
export async function recordAudits(db: Db, entries: readonly AuditRecord[]): Promise<void> {
  if (!entries.length) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        actor_id: e.actor?.id ?? null,
        // The name is copied, so the log still reads right after a user is renamed or removed.
        actor_name: e.actor?.displayName ?? 'Hệ thống',
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        detail: e.detail ?? '',
        created_at: e.now,
      })),
    )
    .execute();
}

export function listAudit(
  db: Db,
  opts: { limit: number; offset: number; filter?: AuditFilter },
): Promise<AuditEntryWithRole[]> {
  const f = opts.filter ?? {};
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.role as actor_role');
  if (f.actorId !== undefined) q = q.where('audit_log.actor_id', '=', f.actorId);
  if (f.action !== undefined) q = q.where('audit_log.action', '=', f.action);
  // ISO strings in UTC compare as times, on SQLite and PostgreSQL alike.
  if (f.from !== undefined) q = q.where('audit_log.created_at', '>=', f.from);
  if (f.before !== undefined) q = q.where('audit_log.created_at', '<', f.before);
  return q
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** Everything the log holds about one record (an article's workflow steps), oldest first. */
export function listAuditOf(db: Db, entityType: string, entityId: number): Promise<AuditEntryWithRole[]> {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.role as actor_role')
    .where('audit_log.entity_type', '=', entityType)
    .where('audit_log.entity_id', '=', entityId)
    .orderBy('audit_log.created_at')
    .orderBy('audit_log.id')
    .execute();
}

/** Everyone who appears in the log, under the name they last acted with, for the filter's list. */
export async function listAuditActors(db: Db): Promise<{ id: number; name: string }[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['actor_id', 'actor_name'])
    .where('actor_id', 'is not', null)
    .orderBy('id', 'desc')
    .execute();
  const seen = new Map<number, string>();
  for (const r of rows) if (!seen.has(r.actor_id!)) seen.set(r.actor_id!, r.actor_name);
  return [...seen].map(([id, name]) => ({ id, name })).sort((x, y) => x.name.localeCompare(y.name, 'vi'));
}
