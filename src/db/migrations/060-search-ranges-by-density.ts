import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL's search_newest sizes each next range of ids by the matches the last one held, instead
// of always widening it 8 times (see search/postgres-index.ts): the functions are made again.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.replaceSearchLookups(db);
}
