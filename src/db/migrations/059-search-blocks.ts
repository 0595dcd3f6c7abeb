import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// Each article's index also holds its words' short prefixes and the blocks of ids it falls in
// (PostgreSQL), made from the vectors already there: the newest matches of a common word and a
// one-letter last word were slow to find without them (see search/postgres-index.ts).
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.addSearchBlocks(db);
}
