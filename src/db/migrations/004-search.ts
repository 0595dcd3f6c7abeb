import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// The index tables differ by dialect (FTS5 vs tsvector + GIN); the dialect supplies them.
// A site upgraded with articles already in it fills the index with `toasoan reindex`.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchSchema(db);
}
