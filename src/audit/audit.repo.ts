import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../accounts/roles.js';
import type { AuditLogTable, Database } from '../db/schema.js';

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

/** Written inside the caller's transaction, so an action and its log line commit together. */
export async function recordAudit(
  db: Db,
  e: {
    actor: Actor | null;
    action: AuditAction;
    entityType: string;
    entityId: number | null;
    detail?: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: e.actor?.id ?? null,
      // The name is copied, so the log still reads right after a user is renamed or removed.
      actor_name: e.actor?.displayName ?? 'Hệ thống',
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      detail: e.detail ?? '',
      created_at: e.now,
    })
    .execute();
}

export function listAudit(db: Db, opts: { limit: number; offset: number }): Promise<AuditEntryWithRole[]> {
  return db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.role as actor_role')
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}
