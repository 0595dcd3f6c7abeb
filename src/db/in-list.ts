import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

/**
 * `column IN (values)` for a batch of keys, such as an import's hundreds. On PostgreSQL it is written
 * `column = ANY($1)`, one array parameter. The connections plan every statement generically: a list of
 * hundreds of separate parameters is planned anew on every call, and on a table with no statistics yet
 * (a site being imported into) the plan compared every row with the whole list, so a batch's look-up
 * grew with the site. An array parameter is estimated as a few rows and read through the index.
 */
export function inList<DB>(
  db: Kysely<DB> | Transaction<DB>,
  column: string,
  values: readonly (string | number)[],
): Expression<SqlBool> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    return sql<SqlBool>`${sql.ref(column)} = any(${[...values]})`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join([...values])})`;
}
