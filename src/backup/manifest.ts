import { createHash } from 'node:crypto';
import type { DialectName } from '../db/index.js';
import type { ColumnKind } from './catalog.js';

export const FORMAT = 'toasoan-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST = 'manifest.json';

/** The last entry of an archive: what every other entry is, and its checksum. */
export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  createdAt: string;
  /** The database the archive was taken from; its rows are written the same way from either kind. */
  sourceDialect: DialectName;
  /** The migrations the source database had run: the archive's schema version. */
  migrations: string[];
  /** In load order: a table comes after those its foreign keys point to. */
  tables: { name: string; columns: { name: string; kind: ColumnKind }[]; rows: number; parts: string[] }[];
  /** Entry names under files/, e.g. files/media/ab12….webp. */
  files: string[];
  checksums: Record<string, { sha256: string; bytes: number }>;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Rows travel as one JSON array per line, values in the manifest's column order. */
export function encodeValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'timestamp') return isoTimestamp(value);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

export function decodeValue(kind: ColumnKind, value: unknown): unknown {
  if (kind === 'blob' && value !== null && typeof value === 'object' && 'base64' in value) {
    return Buffer.from(String((value as { base64: unknown }).base64), 'base64');
  }
  return value;
}

/** UTC ISO 8601 on both dialects; a SQLite "YYYY-MM-DD HH:MM:SS" (UTC by SQLite's rule) gets its zone. */
function isoTimestamp(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'string') return value;
  const text = /^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}
