import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../db/index.js';
import { knownMigrations, migrateTo, migrateToLatest } from '../db/migrate.js';
import { siteTableNames } from '../db/tables.js';
import { reindexAll } from '../search/reindex.js';
import type { BackupProgress } from './backup.js';
import { FILE_FOLDERS } from './backup.js';
import { catalogOf, isSiteTable, loadOrder, type TableInfo } from './catalog.js';
import { decodeValue, FORMAT, FORMAT_VERSION, MANIFEST, sha256, type Manifest } from './manifest.js';
import { ArchiveError, readTar } from './tar.js';

/** A restore that was refused before anything was written: the message is for the operator. */
export class RestoreRefused extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** SQLite allows 32,766 bound values a statement; PostgreSQL 65,535. */
const MAX_VALUES = 30_000;
const MAX_BATCH = 500;

async function* entries(file: string): AsyncGenerator<{ name: string; data: Buffer }> {
  const gunzip = createGunzip();
  const read = pipeline(createReadStream(file), gunzip).catch(() => undefined);
  try {
    yield* readTar(gunzip);
  } catch (err) {
    if (err instanceof ArchiveError) throw new RestoreRefused(`the archive is damaged: ${err.message}`);
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      throw new RestoreRefused(`cannot read ${file}: ${(err as Error).message}`);
    if (code.startsWith('Z_') || code === 'ERR_STREAM_PREMATURE_CLOSE') {
      throw new RestoreRefused(`the archive is damaged or truncated (${(err as Error).message})`);
    }
    throw err;
  } finally {
    gunzip.destroy();
    await read;
  }
}

/**
 * Reads the whole archive once and checks every entry against the manifest's checksum, so a cut or
 * altered archive, or one from newer code, is refused before the database or the data folder is touched.
 */
export async function verifyArchive(file: string): Promise<Manifest> {
  const seen = new Map<string, string>();
  let manifest: Manifest | null = null;
  for await (const entry of entries(file)) {
    if (entry.name === MANIFEST) {
      try {
        manifest = JSON.parse(entry.data.toString('utf8')) as Manifest;
      } catch {
        throw new RestoreRefused('the archive is damaged: its manifest is not valid JSON');
      }
    } else {
      seen.set(entry.name, sha256(entry.data));
    }
  }
  if (!manifest || manifest.format !== FORMAT)
    throw new RestoreRefused('this file is not a Tòa Soạn backup (no manifest)');
  if (manifest.formatVersion !== FORMAT_VERSION) {
    throw new RestoreRefused(
      `archive format ${manifest.formatVersion} is not supported (this version reads format ${FORMAT_VERSION})`,
    );
  }
  for (const [name, sum] of Object.entries(manifest.checksums)) {
    const actual = seen.get(name);
    if (actual === undefined) throw new RestoreRefused(`the archive is incomplete: ${name} is missing`);
    if (actual !== sum.sha256)
      throw new RestoreRefused(`the archive is damaged: the checksum of ${name} does not match`);
  }
  for (const name of seen.keys()) {
    if (!manifest.checksums[name])
      throw new RestoreRefused(`the archive holds ${name}, which its manifest does not list`);
  }
  for (const name of manifest.files) {
    const rel = name.slice('files/'.length);
    const folder = rel.split('/')[0]!;
    if (
      !name.startsWith('files/') ||
      !FILE_FOLDERS.includes(folder) ||
      rel.split('/').some((p) => p === '..' || p === '' || p === '.')
    ) {
      throw new RestoreRefused(`the archive holds a file outside the data folders: ${name}`);
    }
  }
  const known = knownMigrations();
  const unknown = manifest.migrations.filter((m) => !known.includes(m));
  if (unknown.length) {
    throw new RestoreRefused(
      `the archive comes from a newer version of Tòa Soạn (migrations ${unknown.join(', ')}); upgrade first`,
    );
  }
  return manifest;
}

export interface RestoreResult {
  rows: number;
  files: number;
  migratedAfter: string[];
  indexed: number;
}

/**
 * Loads a verified archive into the database: schema at the archive's version, every row in one
 * transaction, then the migrations it lacks and a fresh search index.
 */
export async function restoreBackup(
  handle: DbHandle,
  opts: { file: string; dataDir: string; force?: boolean; progress?: BackupProgress; verified?: Manifest },
): Promise<RestoreResult> {
  const manifest = opts.verified ?? (await verifyArchive(opts.file));
  const known = knownMigrations();
  const catalog = catalogOf(handle);
  const db = handle.kysely as AnyDb;
  const existing = await catalog.tableNames(db);
  // Only the site's own tables are counted, emptied or dropped: a shared PostgreSQL schema may hold others.
  // Tables this code knows are ours too: a schema newer than the archive's has some the archive lacks.
  const ours = new Set([
    ...manifest.tables.map((t) => t.name),
    ...existing.filter((name) => !isSiteTable(name) || siteTableNames.includes(name)),
  ]);
  const filled: string[] = [];
  for (const name of existing.filter((n) => isSiteTable(n) && ours.has(n))) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    if (Number(rows[0]?.n) > 0) filled.push(name);
  }
  if (filled.length && !opts.force) {
    throw new RestoreRefused(
      `the database is not empty (rows in ${filled.join(', ')}); restore into an empty database, or use --force to replace it`,
    );
  }
  const applied = existing.includes('kysely_migration') ? await appliedMigrations(db) : [];
  const foreign = applied.filter((m) => !known.includes(m));
  if (foreign.length) {
    throw new RestoreRefused(
      `the database has run migrations this version does not know (${foreign.join(', ')}); it is left as it is`,
    );
  }
  const sameVersion = sameSet(applied, manifest.migrations);
  if (!sameVersion) {
    // Empty, or --force: a schema at another version is rebuilt at the archive's.
    await catalog.dropTables(
      db,
      existing.filter((name) => ours.has(name)),
    );
    const last = [...manifest.migrations].sort().at(-1);
    if (last) await migrateTo(handle, last);
    const now = await appliedMigrations(db);
    if (!sameSet(now, manifest.migrations)) {
      throw new Error(
        `could not rebuild the archive's schema: it ran ${manifest.migrations.length} migrations, this database ${now.length}`,
      );
    }
  }
  const targets = new Map<string, TableInfo>();
  for (const name of await catalog.tableNames(db))
    if (ours.has(name) && isSiteTable(name)) targets.set(name, await catalog.describe(db, name));
  for (const t of manifest.tables) {
    const target = targets.get(t.name);
    if (!target) throw new RestoreRefused(`the archive has table ${t.name}, which this schema does not`);
    const missing = t.columns.filter((c) => !target.columns.some((tc) => tc.name === c.name));
    if (missing.length)
      throw new RestoreRefused(`table ${t.name} has no column ${missing.map((c) => c.name).join(', ')} here`);
  }

  opts.progress?.start(manifest.tables.reduce((n, t) => n + t.rows, 0) + manifest.files.length);
  const tableOfPart = new Map<string, Manifest['tables'][number]>();
  for (const t of manifest.tables) for (const p of t.parts) tableOfPart.set(p, t);
  let rows = 0;
  let files = 0;
  await handle.kysely.transaction().execute(async (trx) => {
    if (filled.length && sameVersion) {
      for (const t of loadOrder([...targets.values()]).reverse())
        await sql`delete from ${sql.table(t.name)}`.execute(trx);
      await handle.search.clear(trx);
    }
    const loaders = new Map<string, TableLoader>();
    for (const t of manifest.tables)
      loaders.set(t.name, new TableLoader(trx as AnyDb, targets.get(t.name)!, t.columns));
    for await (const entry of entries(opts.file)) {
      // Checked again as it is loaded: the file could have changed since it was verified.
      if (manifest.checksums[entry.name] && sha256(entry.data) !== manifest.checksums[entry.name]!.sha256) {
        throw new RestoreRefused(
          `the archive changed while it was being restored (${entry.name}); nothing was committed`,
        );
      }
      const table = tableOfPart.get(entry.name);
      if (table) {
        const n = await loaders.get(table.name)!.loadPart(entry.data);
        rows += n;
        opts.progress?.tick(n);
      } else if (entry.name.startsWith('files/')) {
        await writeDataFile(opts.dataDir, entry.name.slice('files/'.length), entry.data);
        files++;
        opts.progress?.tick(1);
      }
    }
    for (const loader of loaders.values()) await loader.finish();
    await catalog.fixSequences(
      trx as AnyDb,
      manifest.tables.map((t) => targets.get(t.name)!),
    );
  });
  const migratedAfter = await migrateToLatest(handle);
  const indexed = await reindexAll(handle);
  return { rows, files, migratedAfter, indexed };
}

async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Content-addressed files: written beside their final name and renamed, so a reader never sees half of one. */
async function writeDataFile(dataDir: string, rel: string, data: Buffer): Promise<void> {
  const target = path.join(dataDir, ...rel.split('/'));
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, data);
  await rename(tmp, target);
}

/**
 * Inserts one table's rows in batches. A row whose parent in the same table comes later (a
 * category moved under a newer one) goes in without it, and gets it once the table is in.
 */
class TableLoader {
  private readonly selfRefs: string[];
  private readonly seen = new Set<unknown>();
  private readonly later: { id: unknown; column: string; value: unknown }[] = [];
  private readonly key: string | null;

  constructor(
    private readonly db: AnyDb,
    private readonly table: TableInfo,
    private readonly columns: Manifest['tables'][number]['columns'],
  ) {
    this.key = table.primaryKey.length === 1 ? table.primaryKey[0]! : null;
    this.selfRefs = this.key
      ? table.references.filter((r) => r.table === table.name && r.refColumn === this.key).map((r) => r.column)
      : [];
  }

  async loadPart(data: Buffer): Promise<number> {
    const lines = data
      .toString('utf8')
      .split('\n')
      .filter((l) => l.length);
    const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.floor(MAX_VALUES / this.columns.length)));
    for (let i = 0; i < lines.length; i += batchSize) {
      const batch = lines.slice(i, i + batchSize).map((line) => this.toRow(JSON.parse(line) as unknown[]));
      await this.db.insertInto(this.table.name).values(batch).execute();
    }
    return lines.length;
  }

  async finish(): Promise<void> {
    for (const fix of this.later) {
      await this.db.updateTable(this.table.name).set(fix.column, fix.value).where(this.key!, '=', fix.id).execute();
    }
  }

  private toRow(values: unknown[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    this.columns.forEach((c, i) => (row[c.name] = decodeValue(c.kind, values[i])));
    if (this.key) {
      for (const column of this.selfRefs) {
        const parent = row[column];
        if (parent !== null && parent !== undefined && !this.seen.has(parent) && parent !== row[this.key]) {
          this.later.push({ id: row[this.key], column, value: parent });
          row[column] = null;
        }
      }
      this.seen.add(row[this.key]);
    }
    return row;
  }
}
