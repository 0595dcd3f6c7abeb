import { PostgresAdapter, sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';

/**
 * `column IN (values)` for a long list on a column that is not unique on its own, such as an import's
 * batch of keys. On PostgreSQL it is written `column = ANY($1)`, one array parameter: the connections
 * plan every statement generically, and a list of hundreds of separate parameters on a table that has
 * no statistics yet (a site just imported into) is planned as a full scan comparing each row with every
 * value, which made a batch's look-up grow with the site. An array parameter is estimated as a few
 * rows and read through the index.
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
