import { sql, type Kysely } from 'kysely';
import type { ColumnRelaxation } from './types.js';

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * SQLite can neither drop a NOT NULL nor add a CHECK to an existing table; its
 * documented way is a rebuild: a new table from the stored definition, edited,
 * the rows copied, the old table dropped, the new one renamed, its indexes and
 * triggers made again. One transaction, so a failure leaves the table as it
 * was. Until the rename, the copy's references to itself name the copy:
 * naming the old table, its drop would cascade into the copy.
 */
export async function rebuildRelaxed(db: Kysely<unknown>, table: string, change: ColumnRelaxation): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const schema = await sql<{ type: string; name: string; sql: string }>`
      select type, name, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(trx);
    const create = schema.rows.find((r) => r.type === 'table')?.sql;
    if (!create) throw new Error(`no table ${table} to rebuild`);
    const children = await sql<{ name: string }>`
      select m.name from sqlite_master m, pragma_foreign_key_list(m.name) f
      where m.type = 'table' and m.name <> ${table} and f."table" = ${table}`.execute(trx);
    // Dropping the old table would delete their rows: this rebuild is only for tables nothing else points at.
    if (children.rows.length) throw new Error(`${table} is referenced by ${children.rows[0]!.name}; not rebuilt`);

    const copy = `${table}__rebuilt`;
    const name = new RegExp(`("?)${table}\\1`).source;
    let definition = create
      .replace(new RegExp(`^create table\\s+${name}`, 'i'), `create table ${quoted(copy)}`)
      .replace(new RegExp(`references\\s+${name}(\\s*\\()`, 'gi'), `references ${quoted(copy)}$2`);
    for (const column of change.dropNotNull) {
      const relaxed = definition.replace(
        new RegExp(`([(,]\\s*"?${column}"?\\s[^,]*?)\\s+not null`, 'i'),
        (_all, head: string) => head,
      );
      if (relaxed === definition) throw new Error(`${table}.${column} has no NOT NULL to drop`);
      definition = relaxed;
    }
    definition = definition.replace(
      /\)\s*$/,
      `, constraint ${quoted(change.check.name)} check (${change.check.expression}))`,
    );

    const sequence = await sql<{ seq: number }>`
      select seq from sqlite_sequence where name = ${table}`
      .execute(trx)
      .catch(() => ({ rows: [] as { seq: number }[] }));
    await sql.raw(definition).execute(trx);
    await sql.raw(`insert into ${quoted(copy)} select * from ${quoted(table)}`).execute(trx);
    await sql.raw(`drop table ${quoted(table)}`).execute(trx);
    await sql.raw(`alter table ${quoted(copy)} rename to ${quoted(table)}`).execute(trx);
    for (const r of schema.rows) if (r.type !== 'table') await sql.raw(r.sql).execute(trx);
    // Ids of deleted rows are not handed out again.
    const seq = sequence.rows[0]?.seq;
    if (seq !== undefined)
      await sql`update sqlite_sequence set seq = max(seq, ${seq}) where name = ${table}`.execute(trx);
  });
}
