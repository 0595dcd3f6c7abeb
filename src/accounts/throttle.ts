import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface ThrottleRule {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface ThrottleResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Counts one hit on `key` in a fixed window kept in the database, so every
 * app instance sees the same count. One upsert: concurrent hits cannot both
 * read a stale count.
 */
export async function hitThrottle(
  db: Kysely<Database>,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<ThrottleResult> {
  const nowIso = now.toISOString();
  const cutoff = new Date(now.getTime() - rule.windowMs).toISOString();
  const row = await db
    .insertInto('throttles')
    .values({ key: key.slice(0, 200), window_start: nowIso, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when throttles.window_start <= ${cutoff} then 1 else throttles.hits + 1 end`,
        window_start: sql<string>`case when throttles.window_start <= ${cutoff} then ${nowIso} else throttles.window_start end`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  const windowEnds = new Date(row.window_start).getTime() + rule.windowMs;
  return {
    allowed: row.hits <= rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000)),
  };
}

/** Hits counted on `key` in its current window, without adding one. */
export async function peekThrottle(
  db: Kysely<Database>,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<ThrottleResult> {
  const row = await db
    .selectFrom('throttles')
    .select(['hits', 'window_start'])
    .where('key', '=', key.slice(0, 200))
    .executeTakeFirst();
  const start = row ? new Date(row.window_start).getTime() : 0;
  if (!row || start + rule.windowMs <= now.getTime()) return { allowed: true, retryAfterSeconds: 0 };
  return {
    allowed: row.hits < rule.limit,
    retryAfterSeconds: Math.max(1, Math.ceil((start + rule.windowMs - now.getTime()) / 1000)),
  };
}
