import type { DbHandle } from '../db/index.js';
import { buildIndexedDocument } from './search-index.js';

const BATCH = 500;

/**
 * Rebuilds the whole index in one transaction, so readers see the old index
 * until the new one is complete. Returns how many articles were indexed.
 */
export async function reindexAll(
  handle: DbHandle,
  progress?: { start(total: number): void; tick(n: number): void },
): Promise<number> {
  return handle.kysely.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    progress?.start(Number(n));
    await handle.search.clear(trx);
    let done = 0;
    let after = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('articles')
        .select(['id', 'title', 'sapo', 'body_html'])
        .where('status', '=', 'published')
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (!rows.length) {
        await handle.search.optimize(trx);
        return done;
      }
      // The index was cleared above, so every article is known to have no entry.
      await handle.search.upsertMany(trx, rows.map(buildIndexedDocument), new Set(rows.map((r) => r.id)));
      done += rows.length;
      after = rows[rows.length - 1]!.id;
      progress?.tick(rows.length);
    }
  });
}
