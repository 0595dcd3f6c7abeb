import { createWriteStream } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { DbHandle } from '../db/index.js';
import { catalogOf, isSiteTable, loadOrder, type TableInfo } from './catalog.js';
import { encodeValue, FORMAT, FORMAT_VERSION, MANIFEST, sha256, type Manifest } from './manifest.js';
import { TarWriter } from './tar.js';

/** Folders under DATA_DIR whose files belong in an archive (the văn bản library's files beside media). */
export const FILE_FOLDERS = ['media', 'documents'];

const ROWS_PER_READ = 1000;
const PART_BYTES = 4 * 1024 * 1024;

/** A backup that cannot be taken, for a reason the operator can fix. */
export class BackupRefused extends Error {}

export interface BackupProgress {
  start(total: number): void;
  /** Awaited, so a caller may pace the work (a test writes to the site between two reads). */
  tick(n: number): void | Promise<void>;
}

export interface BackupResult {
  rows: number;
  files: number;
  bytes: number;
}

/**
 * Writes the whole site to one archive: rows read in one snapshot transaction, then the files.
 * The archive appears under its name only once complete.
 */
export async function writeBackup(
  handle: DbHandle,
  opts: { file: string; dataDir: string; progress?: BackupProgress },
): Promise<BackupResult> {
  const tmp = `${opts.file}.${randomBytes(4).toString('hex')}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(tmp, { flags: 'wx' }));
  const tar = new TarWriter(gzip);
  const checksums: Manifest['checksums'] = {};
  const add = async (name: string, data: Buffer) => {
    checksums[name] = { sha256: sha256(data), bytes: data.length };
    await tar.add(name, data);
  };
  try {
    const fileNames = await listFiles(opts.dataDir);
    const catalog = catalogOf(handle);
    const { migrations, tables } = await catalog.snapshot(handle.kysely, async (trx) => {
      const names = await catalog.tableNames(trx);
      if (!names.includes('kysely_migration'))
        throw new BackupRefused('this database has no Tòa Soạn schema: nothing to back up');
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
      const infos: TableInfo[] = [];
      for (const name of names.filter(isSiteTable)) infos.push(await catalog.describe(trx, name));
      const ordered = loadOrder(infos);
      let total = fileNames.length;
      for (const t of ordered) total += await countRows(trx, t.name);
      opts.progress?.start(total);
      const tables: Manifest['tables'] = [];
      for (const t of ordered) tables.push(await writeTable(trx, t, add, opts.progress));
      return { migrations: applied.rows.map((r) => r.name), tables };
    });
    const files: string[] = [];
    for (const rel of fileNames) {
      const data = await readFile(path.join(opts.dataDir, rel)).catch((err: NodeJS.ErrnoException) => {
        // Deleted since the listing, with its row already gone from the snapshot's future.
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (data) {
        const name = `files/${rel.split(path.sep).join('/')}`;
        await add(name, data);
        files.push(name);
      }
      await opts.progress?.tick(1);
    }
    const manifest: Manifest = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      sourceDialect: handle.dialect,
      migrations,
      tables,
      files,
      checksums,
    };
    await tar.add(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 1)));
    await tar.end();
    await written;
    await rename(tmp, opts.file);
    return { rows: tables.reduce((n, t) => n + t.rows, 0), files: files.length, bytes: (await stat(opts.file)).size };
  } catch (err) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = import('kysely').Kysely<any>;

async function countRows(db: AnyDb, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Reads the table in primary-key order, a page at a time (keyset, so each page is an index range). */
async function writeTable(
  db: AnyDb,
  t: TableInfo,
  add: (name: string, data: Buffer) => Promise<void>,
  progress?: BackupProgress,
): Promise<Manifest['tables'][number]> {
  const key = t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name);
  const keyList = sql.join(key.map((k) => sql.ref(k)));
  const parts: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  let rowCount = 0;
  const flush = async () => {
    if (!lines.length) return;
    const name = `tables/${t.name}/${String(parts.length).padStart(5, '0')}.jsonl`;
    await add(name, Buffer.from(lines.join('')));
    parts.push(name);
    lines = [];
    bytes = 0;
  };
  let after: unknown[] | null = null;
  for (;;) {
    const where: RawBuilder<unknown> = after ? sql`where (${keyList}) > (${sql.join(after)})` : sql``;
    const { rows }: { rows: Record<string, unknown>[] } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(t.name)} ${where}
      order by ${keyList} limit ${ROWS_PER_READ}`.execute(db);
    for (const row of rows) {
      const line = `${JSON.stringify(t.columns.map((c) => encodeValue(c.kind, row[c.name])))}\n`;
      lines.push(line);
      bytes += Buffer.byteLength(line);
      if (bytes >= PART_BYTES) await flush();
    }
    rowCount += rows.length;
    await progress?.tick(rows.length);
    if (rows.length < ROWS_PER_READ) break;
    const last: Record<string, unknown> = rows[rows.length - 1]!;
    after = key.map((k) => last[k]);
  }
  await flush();
  return { name: t.name, columns: t.columns, rows: rowCount, parts };
}

/** Paths relative to DATA_DIR, sorted; names starting with a dot are uploads still being written. */
async function listFiles(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const folder of FILE_FOLDERS) {
    const entries = await readdir(path.join(dataDir, folder), { recursive: true, withFileTypes: true }).catch(
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      },
    );
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith('.')) continue;
      out.push(path.relative(dataDir, path.join(e.parentPath, e.name)));
    }
  }
  return out.sort();
}
