import type { Kysely } from 'kysely';

// An article's history page reads the workflow steps of that one article from
// the audit log, which otherwise has only its time index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_log_entity')
    .on('audit_log')
    .columns(['entity_type', 'entity_id', 'created_at'])
    .execute();
}
