import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';

export interface SiteSettings {
  name: string;
  description: string;
  /** Absolute origin for canonical links and feeds, when known. */
  url: string | undefined;
}

/** Settings saved in the database win over the environment's defaults. */
export async function loadSettings(db: Kysely<Database>, config: Config): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const saved = new Map(rows.map((r) => [r.key, r.value]));
  return {
    name: saved.get('site.name') ?? config.site.name,
    description: saved.get('site.description') ?? config.site.description,
    url: saved.get('site.url') ?? config.site.url,
  };
}

/**
 * The key that signs CSRF tokens, made once and kept in the database so every
 * app instance and every restart shares it. Insert-if-absent, then read: two
 * instances starting together agree on one value.
 */
export async function loadServerSecret(db: Kysely<Database>, fresh: string): Promise<string> {
  await db.insertInto('settings').values({ key: 'security.secret', value: fresh }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'security.secret').executeTakeFirstOrThrow();
  return row.value;
}
