import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// Each article's headline and first words in a small vector of their own (PostgreSQL), filled from the
// index already there: ranking read the whole body vector of every match (see search/postgres-index.ts).
export const creates = ['search_leads'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchLeads(db);
}
