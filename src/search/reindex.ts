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
  batchSize = BATCH,
): Promise<number> {
  return handle.kysely.transaction().execute(async (trx) => {
    const { n } = await trx
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    progress?.start(Number(n));
    await handle.search.clear(trx);
    const batchAfter = (after: number) =>
      trx
        .selectFrom('articles')
        .select(['id', 'title', 'sapo', 'body_html'])
        .where('status', '=', 'published')
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
    let done = 0;
    let rows = await batchAfter(0);
    let batch = handle.search.prepare(rows.map(buildIndexedDocument));
    while (rows.length) {
      const next = await batchAfter(rows[rows.length - 1]!.id);
      // The index was cleared above, so every article is known to have no entry. The next batch is
      // made ready (documents built, and what PostgreSQL is sent: prepare) while the database writes
      // this one in its own process: that waits a turn of the event loop, so the write has been sent.
      const [nextBatch] = await Promise.all([
        new Promise(setImmediate).then(() => handle.search.prepare(next.map(buildIndexedDocument))),
        batch.write(trx, new Set(rows.map((r) => r.id))),
      ]);
      done += rows.length;
      progress?.tick(rows.length);
      rows = next;
      batch = nextBatch;
    }
    await handle.search.optimize(trx);
    return done;
  });
}
