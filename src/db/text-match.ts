import { sql, type RawBuilder } from 'kysely';

/** A LIKE pattern for `text` anywhere, with the user's %, _ and \ taken literally (escape '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The column holds `text` anywhere, whatever the case. lower() runs on both
 * sides in the database, so both fold alike: PostgreSQL's LIKE minds case, and
 * SQLite's LIKE and lower() fold ASCII only until its dialect gives lower()
 * Unicode folding (src/db/dialects/sqlite.ts). SQLite has no default escape
 * character, so it is named.
 */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like lower(${containsPattern(text)}) escape '\\'`;
}
