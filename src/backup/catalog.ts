/**
 * What the backup needs to know of the live schema, asked of each dialect's own catalog:
 * tables, columns, primary keys and foreign keys. Read from the database, not from schema.ts,
 * so a column added by a migration is never left out of an archive.
 */
import { sql, type Kysely } from 'kysely';
import type { DbHandle, DialectName } from '../db/index.js';

export type ColumnKind = 'timestamp' | 'blob' | 'other';

export interface TableInfo {
  name: string;
  columns: { name: string; kind: ColumnKind }[];
  primaryKey: string[];
  /** Single-column foreign keys. */
  references: { column: string; table: string; refColumn: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The search index is rebuilt from the articles on restore; Kysely's own tables hold the schema version. */
export function isSiteTable(name: string): boolean {
  return !name.startsWith('search_') && !name.startsWith('kysely_');
}

interface Catalog {
  tableNames(db: AnyDb): Promise<string[]>;
  describe(db: AnyDb, table: string): Promise<TableInfo>;
  /** Runs fn in one transaction that sees a single snapshot of the whole database. */
  snapshot<T>(db: AnyDb, fn: (trx: AnyDb) => Promise<T>): Promise<T>;
  /** After rows were inserted with explicit ids, the next generated id follows the largest. */
  fixSequences(db: AnyDb, tables: TableInfo[]): Promise<void>;
  /** Drops these tables (with the shadow tables of a virtual one). */
  dropTables(db: AnyDb, names: string[]): Promise<void>;
}

function kindOf(type: string): ColumnKind {
  const t = type.toLowerCase();
  if (t.includes('timestamp')) return 'timestamp';
  if (t.includes('blob') || t === 'bytea') return 'blob';
  return 'other';
}

const sqliteCatalog: Catalog = {
  async tableNames(db) {
    const { rows } = await sql<{ name: string }>`select name from sqlite_master
      where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
    return rows.map((r) => r.name);
  },
  async describe(db, table) {
    const cols = await sql<{
      name: string;
      type: string;
      pk: number;
    }>`select name, type, pk from pragma_table_info(${table}) order by cid`.execute(db);
    const fks = await sql<{
      table: string;
      from: string;
      to: string | null;
      id: number;
    }>`select "table", "from", "to", id
      from pragma_foreign_key_list(${table})`.execute(db);
    const multi = new Set(
      fks.rows.filter((f, _i, all) => all.filter((g) => g.id === f.id).length > 1).map((f) => f.id),
    );
    return {
      name: table,
      columns: cols.rows.map((c) => ({ name: c.name, kind: kindOf(c.type) })),
      primaryKey: cols.rows
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      references: fks.rows
        .filter((f) => !multi.has(f.id))
        .map((f) => ({ column: f.from, table: f.table, refColumn: f.to ?? 'id' })),
    };
  },
  snapshot(db, fn) {
    // Its own connection (this process), and in WAL mode the first read fixes what the transaction sees;
    // read only, so it begins deferred and leaves the write lock to the site.
    return db.transaction().setAccessMode('read only').execute(fn);
  },
  async fixSequences() {
    // AUTOINCREMENT keeps sqlite_sequence at the largest id inserted, explicit or not.
  },
  async dropTables(db, names) {
    await sql`pragma foreign_keys = off`.execute(db);
    try {
      // Virtual tables first: dropping one drops its shadow tables with it.
      const { rows } = await sql<{ name: string }>`select name from sqlite_master
        where type = 'table' and name not like 'sqlite_%' order by sql like 'CREATE VIRTUAL%' desc`.execute(db);
      for (const { name } of rows)
        if (names.includes(name)) await sql`drop table if exists ${sql.id(name)}`.execute(db);
    } finally {
      await sql`pragma foreign_keys = on`.execute(db);
    }
  },
};

const postgresCatalog: Catalog = {
  async tableNames(db) {
    const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
    return rows.map((r) => r.name);
  },
  async describe(db, table) {
    const cols = await sql<{
      name: string;
      type: string;
    }>`select column_name as name, data_type as type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
    const pk = await sql<{ name: string }>`select a.attname as name
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = (quote_ident(current_schema()) || '.' || quote_ident(${table}))::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const fks = await sql<{
      column: string;
      table: string;
      refColumn: string;
    }>`select a.attname as "column", cf.relname as "table",
        af.attname as "refColumn"
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid
      join pg_namespace n on n.oid = cl.relnamespace
      join pg_class cf on cf.oid = c.confrelid
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and n.nspname = current_schema() and cl.relname = ${table} and cardinality(c.conkey) = 1`.execute(
      db,
    );
    return {
      name: table,
      columns: cols.rows.map((c) => ({ name: c.name, kind: kindOf(c.type) })),
      primaryKey: pk.rows.map((r) => r.name),
      references: fks.rows,
    };
  },
  snapshot(db, fn) {
    return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
  },
  async fixSequences(db, tables) {
    for (const t of tables) {
      if (t.primaryKey.length !== 1) continue;
      const key = t.primaryKey[0]!;
      const { rows } = await sql<{
        seq: string | null;
      }>`select pg_get_serial_sequence(${t.name}, ${key}) as seq`.execute(db);
      const seq = rows[0]?.seq;
      if (!seq) continue;
      await sql`select setval(${seq}, coalesce((select max(${sql.ref(key)}) from ${sql.table(t.name)}), 1),
        (select count(*) > 0 from ${sql.table(t.name)}))`.execute(db);
    }
  },
  async dropTables(db, names) {
    for (const name of names) await sql`drop table if exists ${sql.table(name)} cascade`.execute(db);
  },
};

const catalogs: Record<DialectName, Catalog> = { sqlite: sqliteCatalog, postgres: postgresCatalog };

export function catalogOf(handle: DbHandle): Catalog {
  return catalogs[handle.dialect];
}

/** Referenced tables before the tables that reference them; a table may reference itself. */
export function loadOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visiting = new Set<string>();
  const visit = (t: TableInfo) => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through table ${t.name}`);
    visiting.add(t.name);
    for (const r of t.references) {
      const target = byName.get(r.table);
      if (target && target !== t) visit(target);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t);
  return out;
}
