import type { Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/schema.js';
import type { OrgLang, OrgLeadersTable, OrgPageKey, OrgPagesTable, OrgUnitsTable } from './organisation.schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export type OrgPageRow = Selectable<OrgPagesTable>;
export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type OrgLeaderRow = Selectable<OrgLeadersTable>;

export function listPages(db: Db): Promise<OrgPageRow[]> {
  return db.selectFrom('org_pages').selectAll().execute();
}

export async function putPage(db: Db, row: OrgPageRow): Promise<void> {
  await db
    .insertInto('org_pages')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['page', 'lang'])
        .doUpdateSet({ title: row.title, body_html: row.body_html, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deletePage(db: Db, page: OrgPageKey, lang: OrgLang): Promise<void> {
  await db.deleteFrom('org_pages').where('page', '=', page).where('lang', '=', lang).execute();
}

/** Units or leaders: the two lists share their shape of queries. */
type ListTable = 'org_units' | 'org_leaders';

export function listUnits(db: Db): Promise<OrgUnitRow[]> {
  return db.selectFrom('org_units').selectAll().orderBy('position').orderBy('id').execute();
}

export function listLeaders(db: Db): Promise<OrgLeaderRow[]> {
  return db.selectFrom('org_leaders').selectAll().orderBy('position').orderBy('id').execute();
}

export function findUnit(db: Db, id: number): Promise<OrgUnitRow | undefined> {
  return db.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findLeader(db: Db, id: number): Promise<OrgLeaderRow | undefined> {
  return db.selectFrom('org_leaders').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One past the last position, so a new entry goes at the end unless told otherwise. */
export async function nextPosition(db: Db, table: ListTable): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('position').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertUnit(db: Db, row: Insertable<OrgUnitsTable>): Promise<number> {
  return (await db.insertInto('org_units').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertLeader(db: Db, row: Insertable<OrgLeadersTable>): Promise<number> {
  return (await db.insertInto('org_leaders').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateUnit(db: Db, id: number, row: Updateable<OrgUnitsTable>): Promise<boolean> {
  const r = await db.updateTable('org_units').set(row).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateLeader(db: Db, id: number, row: Updateable<OrgLeadersTable>): Promise<boolean> {
  const r = await db.updateTable('org_leaders').set(row).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteFrom(db: Db, table: ListTable, id: number): Promise<boolean> {
  const r = await db.deleteFrom(table).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
