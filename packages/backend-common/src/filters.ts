import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';

/**
 * The query form of the shared permission rules: a condition on one column of
 * the plugin's own table, applied in SQL by {@link applyPermissionFilter}.
 */
export type ColumnFilter =
  /** The column's value is one of `values` (an empty list matches nothing). */
  | { column: string; in: string[] }
  /** The column's value is not `value`; NULL counts as "not". */
  | { column: string; notEqual: string };

/**
 * Adds a permission filter (the conditions of a CONDITIONAL decision turned
 * into {@link ColumnFilter}s) to a knex query as a WHERE clause, so lists
 * return only what the user may see and paging stays correct.
 *
 * @param columnPrefix - prepended to every column, e.g. `'audit_events.'`
 *   when the query joins tables.
 */
export function applyPermissionFilter<T extends Knex.QueryBuilder>(
  query: T,
  criteria: PermissionCriteria<ColumnFilter>,
  columnPrefix = '',
): T {
  return query.where(builder =>
    addCriteria(builder, criteria, columnPrefix),
  ) as T;
}

function addCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<ColumnFilter>,
  prefix: string,
): void {
  if ('allOf' in criteria) {
    for (const part of criteria.allOf) {
      builder.andWhere(inner => addCriteria(inner, part, prefix));
    }
  } else if ('anyOf' in criteria) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    for (const part of criteria.anyOf) {
      builder.orWhere(inner => addCriteria(inner, part, prefix));
    }
  } else if ('not' in criteria) {
    builder.whereNot(inner => addCriteria(inner, criteria.not, prefix));
  } else if ('in' in criteria) {
    if (criteria.in.length === 0) builder.whereRaw('1 = 0');
    else builder.whereIn(`${prefix}${criteria.column}`, criteria.in);
  } else {
    const column = `${prefix}${criteria.column}`;
    builder.where(inner =>
      inner.whereNot(column, criteria.notEqual).orWhereNull(column),
    );
  }
}
