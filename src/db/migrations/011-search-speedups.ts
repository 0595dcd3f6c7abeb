import type { Kysely } from 'kysely';
import type { MigrationHelpers } from '../dialects/types.js';

// What made search fast came after the index existed; the dialect supplies its part (search/*-index.ts).
export async function up(db: Kysely<unknown>, h: MigrationHelpers): Promise<void> {
  await h.createSearchSpeedups(db);
}
