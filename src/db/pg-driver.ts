import type pg from 'pg';

// Timestamps leave the driver as UTC ISO strings, the same shape SQLite gives,
// and bigint counts as numbers (they never exceed 2^53 here).
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;

let loading: Promise<typeof pg> | undefined;

/**
 * node-postgres, loaded with the first PostgreSQL connection: a SQLite site
 * never needs it, and on Node 20 loading it builds a fetch Response (its
 * Cloudflare check), which loads undici with it.
 */
export function loadPg(): Promise<typeof pg> {
  loading ??= import('pg').then(({ default: driver }) => {
    driver.types.setTypeParser(TIMESTAMPTZ, (v) => new Date(v).toISOString());
    driver.types.setTypeParser(TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
    driver.types.setTypeParser(INT8, (v) => Number(v));
    return driver;
  });
  return loading;
}
