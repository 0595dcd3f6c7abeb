import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// Headlines indexed on their own (SQLite), filled from the articles already in the index.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchTitles(db);
}
