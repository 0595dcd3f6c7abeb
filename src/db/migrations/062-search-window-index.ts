import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL reads the status and time of a search window's articles from an index, as SQLite has
// since migration 011, instead of a page of the articles table for each (see search/postgres-index.ts).
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchWindowIndex(db);
}
