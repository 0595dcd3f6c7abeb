import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createDb } from '../db/index.js';
import { migrateToLatest } from '../db/migrate.js';
import { CsvError, parseCsv } from '../documents/csv.js';
import {
  documentDeps,
  documentUrl,
  importDocuments,
  importDocumentTypes,
  type ImportRow,
} from '../documents/documents.service.js';
import type { IncomingFile } from '../documents/document-files.js';
import { AppError } from '../errors.js';
import { Site } from '../site/site.js';
import { Progress } from './progress.js';

/** The CSV's columns (README: Văn bản), in any order. */
export const DOCUMENT_COLUMNS = [
  'so_ky_hieu',
  'loai',
  'co_quan_ban_hanh',
  'nguoi_ky',
  'ngay_ban_hanh',
  'ngay_hieu_luc',
  'trich_yeu',
  'linh_vuc',
  'trang_thai',
  'tep',
] as const;
type Column = (typeof DOCUMENT_COLUMNS)[number];

/**
 * Exit codes: 0 every row imported; 1 some rows refused (the others are
 * imported); 2 bad usage or an unreadable file (nothing imported).
 */
export async function importDocumentsCommand(config: Config, argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { files: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    console.error(`toasoan import-documents: ${(err as Error).message}`);
    return 2;
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    console.error('toasoan import-documents: give one CSV file: import-documents FILE.csv [--files DIR] [--json]');
    return 2;
  }
  let records;
  try {
    const bytes = await readFile(file);
    records = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    if (err instanceof CsvError) console.error(`${file}:${err.line}: ${err.message}`);
    else if (err instanceof TypeError) console.error(`${file}: the file is not valid UTF-8 text`);
    else console.error(`${file}: ${(err as Error).message}`);
    return 2;
  }
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((h) => h.trim().toLowerCase());
  const missing = DOCUMENT_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    console.error(`${file}:1: the header lacks the column(s) ${missing.join(', ')}`);
    return 2;
  }
  const filesDir = args.values.files ?? path.dirname(file);
  const json = args.values.json;

  const db = createDb(config.databaseUrl);
  const site = new Site(db, config);
  try {
    await migrateToLatest(db);
    const deps = documentDeps(site);
    const types = await importDocumentTypes(deps);
    const progress = rows.length > 1 ? new Progress('importing', rows.length) : null;
    let failed = 0;
    let batch: { line: number; code: string; row: ImportRow | RowError }[] = [];
    let bytes = 0;
    const flush = async () => {
      const rowsOf = batch.flatMap((b) => (b.row instanceof RowError ? [] : [b.row]));
      const written = await importDocuments(deps, rowsOf, types);
      let next = 0;
      for (const { line, code, row } of batch) {
        const outcome = row instanceof RowError ? { ok: false as const, error: row } : written[next++]!;
        if (outcome.ok) {
          const url = documentUrl(outcome);
          if (json) console.log(JSON.stringify({ id: outcome.id, url, code }));
          else if (!progress) console.log(`${outcome.created ? 'imported' : 'updated'} ${code} → ${url}`);
        } else {
          failed++;
          const err = outcome.error;
          console.error(`${file}:${line}: ${err instanceof AppError ? err.publicMessage : err.message}`);
        }
        progress?.tick();
      }
      batch = [];
      bytes = 0;
    };
    for (const record of rows) {
      const get = (c: Column) => (record.fields[names.indexOf(c)] ?? '').normalize('NFC').trim();
      let row: ImportRow | RowError;
      try {
        const files = await readRowFiles(get('tep'), filesDir);
        bytes += files.reduce((n, f) => n + f.data.length, 0);
        row = {
          code: get('so_ky_hieu'),
          typeName: get('loai'),
          issuer: get('co_quan_ban_hanh'),
          signer: get('nguoi_ky'),
          issuedOn: get('ngay_ban_hanh'),
          effectiveOn: get('ngay_hieu_luc'),
          summary: get('trich_yeu'),
          field: get('linh_vuc'),
          status: get('trang_thai'),
          files,
        };
      } catch (err) {
        if (!(err instanceof RowError)) throw err;
        row = err;
      }
      batch.push({ line: record.line, code: get('so_ky_hieu'), row });
      if (batch.length >= ROWS_PER_TRANSACTION || bytes >= BYTES_PER_TRANSACTION) await flush();
    }
    if (batch.length) await flush();
    progress?.finish();
    if (!json) console.error(`${rows.length - failed} imported, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    // Running instances hear of the new documents (and the articles that now link to them) before the connection closes.
    await site.close();
    await db.destroy();
  }
}

/** Rows per transaction, written together: few commits and statements, and a failure costs little to retry. */
const ROWS_PER_TRANSACTION = 200;
/** A batch's attached files are held until it is written: fewer rows when they are big. */
const BYTES_PER_TRANSACTION = 64 * 1024 * 1024;

/** The files a row names (`;`-separated), read from --files: names only, so nothing outside it is read. */
async function readRowFiles(names: string, filesDir: string): Promise<IncomingFile[]> {
  const files: IncomingFile[] = [];
  for (const name of names
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (name !== path.basename(name)) throw new RowError(`"${name}" is not a file name under --files`);
    const data = await readFile(path.join(filesDir, name)).catch(() => null);
    if (!data) throw new RowError(`no file "${name}" in ${filesDir}`);
    files.push({ filename: name, data });
  }
  return files;
}

class RowError extends Error {}
