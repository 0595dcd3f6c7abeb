import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL finds a filtered search's window (a category, dates) range by range as it finds an
// unfiltered one, starting from the ids published between the dates (see search/postgres-index.ts).
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchFilteredLookups(db);
}
