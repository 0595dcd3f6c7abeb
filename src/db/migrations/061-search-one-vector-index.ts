import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL indexes an article's words and marks in one GIN index instead of one each, so that the
// exact-marks boost asks for both at once; the search's functions are made anew, and now return
// arrays of ids (see search/postgres-index.ts).
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.mergeSearchIndexes(db);
}
