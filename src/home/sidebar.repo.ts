import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SiteLink {
  name: string;
  url: string;
}

/** The side column's order and switches, as one setting (JSON). */
export const SIDEBAR_SETTING = 'home.sidebar';

export async function readSidebarSetting(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SIDEBAR_SETTING).executeTakeFirst();
  return row?.value;
}

export async function listLinks(db: Db): Promise<SiteLink[]> {
  return db.selectFrom('site_links').select(['name', 'url']).orderBy('position').orderBy('id').execute();
}

/** Replaces the links and the setting together, so the column never shows half of a save. */
export async function saveSidebar(trx: Transaction<Database>, setting: string, links: readonly SiteLink[]) {
  await trx
    .insertInto('settings')
    .values({ key: SIDEBAR_SETTING, value: setting })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: setting }))
    .execute();
  await trx.deleteFrom('site_links').execute();
  if (links.length)
    await trx
      .insertInto('site_links')
      .values(links.map((l, i) => ({ name: l.name, url: l.url, position: i + 1 })))
      .execute();
}
