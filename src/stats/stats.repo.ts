import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** What one instance adds in one flush. */
export interface StatsBatch {
  /** Visits per day in Vietnam (a batch may straddle midnight). */
  days: ReadonlyMap<string, number>;
  views: ReadonlyMap<number, number>;
  instance: string;
  /** This instance's visitors of the last minutes, now. */
  online: number;
  at: string;
}

export interface StatsTotals {
  online: number;
  today: number;
  month: number;
  total: number;
}

/** Ids per IN list: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/**
 * Adds a batch in one transaction: increments only, so instances flushing at
 * the same time add up. Views of ids that are no article (a forged beacon,
 * a deleted article) are left out rather than failing the batch.
 */
export async function addBatch(db: Kysely<Database>, batch: StatsBatch): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [day, visits] of batch.days) {
      await trx
        .insertInto('stats_days')
        .values({ day, visits })
        .onConflict((oc) => oc.column('day').doUpdateSet({ visits: sql`stats_days.visits + excluded.visits` }))
        .execute();
    }
    const ids = [...batch.views.keys()];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const existing = await trx
        .selectFrom('articles')
        .select('id')
        .where('id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      if (existing.length === 0) continue;
      await trx
        .insertInto('stats_article_views')
        .values(existing.map((r) => ({ article_id: r.id, views: batch.views.get(r.id) ?? 0 })))
        .onConflict((oc) =>
          oc.column('article_id').doUpdateSet({ views: sql`stats_article_views.views + excluded.views` }),
        )
        .execute();
    }
    await trx
      .insertInto('stats_online')
      .values({ instance: batch.instance, visitors: batch.online, updated_at: batch.at })
      .onConflict((oc) => oc.column('instance').doUpdateSet({ visitors: batch.online, updated_at: batch.at }))
      .execute();
  });
}

/** Totals over every instance; `since`: instances that reported after it count as running. */
export async function readTotals(
  db: Kysely<Database>,
  at: { today: string; monthPrefix: string; since: string },
): Promise<StatsTotals> {
  const [days, online] = await Promise.all([
    db
      .selectFrom('stats_days')
      .select((eb) => [
        eb.fn.sum<string | number>('visits').as('total'),
        eb.fn.sum<string | number>(sql`case when day like ${`${at.monthPrefix}%`} then visits else 0 end`).as('month'),
        eb.fn.sum<string | number>(sql`case when day = ${at.today} then visits else 0 end`).as('today'),
      ])
      .executeTakeFirst(),
    db
      .selectFrom('stats_online')
      .select((eb) => eb.fn.sum<string | number>('visitors').as('online'))
      .where('updated_at', '>=', at.since)
      .executeTakeFirst(),
  ]);
  return {
    online: Number(online?.online ?? 0),
    today: Number(days?.today ?? 0),
    month: Number(days?.month ?? 0),
    total: Number(days?.total ?? 0),
  };
}

/** Instances that stopped reporting long ago: their rows go, so the table stays one row per live instance. */
export async function forgetInstances(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('stats_online').where('updated_at', '<', before).execute();
}

/** Stored views of these articles (those never viewed are absent). */
export async function readViews(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('stats_article_views')
      .select(['article_id', 'views'])
      .where('article_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.article_id, Number(r.views));
  }
  return out;
}
