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
