import { createPostgresDb } from './dialects/postgres.js';
import { createSqliteDb } from './dialects/sqlite.js';
import type { DbHandle } from './dialects/types.js';

export type { DbHandle, DialectName } from './dialects/types.js';
export type { Database } from './schema.js';

export function createDb(databaseUrl: string): DbHandle {
  if (databaseUrl.startsWith('sqlite:')) return createSqliteDb(databaseUrl.slice('sqlite:'.length));
  return createPostgresDb(databaseUrl);
}
