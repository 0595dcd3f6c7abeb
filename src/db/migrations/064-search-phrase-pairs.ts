import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// PostgreSQL keeps a signature of each article's adjacent words, so that a phrase's candidates that
// cannot hold it are left out before their vectors are read (see search/postgres-pairs.ts). Articles
// indexed before it have none until `toasoan reindex`; their phrases are tested as before.
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.addSearchPhrasePairs(db);
}
