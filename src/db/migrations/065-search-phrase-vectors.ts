import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL tests a phrase on a copy of each article's words and positions kept in its row of a
// table of their own, rather than on the toasted body vector (see search/postgres-index.ts).
export const creates = ['search_phrases'];

export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.addSearchPhraseVectors(db);
}
