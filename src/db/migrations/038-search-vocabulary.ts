import type { Kysely } from 'kysely';

// Every word the index holds as written, with its folded form: typo suggestions are built from it
// (search/suggest.ts). Filled as articles are indexed; `toasoan reindex` fills it for an existing site.
export const creates = ['search_vocabulary'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_vocabulary')
    .addColumn('form', 'text', (c) => c.primaryKey())
    .addColumn('folded', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_vocabulary_folded').on('search_vocabulary').columns(['folded', 'form']).execute();
}
