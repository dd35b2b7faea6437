import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  applyTenantSetFilter,
  ColumnFilter,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import { OWNER_COLUMN } from '../permissions/appRules';
import { APP_TENANTS } from './rows';

/**
 * Adds the conditions of an app permission decision to a query over `apps`:
 * the tenant rule as "every tenant the app serves is in scope" (over
 * `app_tenants`), the owner rule as a lower-cased match on `apps.owner`.
 */
export function applyAppFilter<T extends Knex.QueryBuilder>(
  query: T,
  criteria: PermissionCriteria<ColumnFilter>,
): T {
  return query.where(builder => addCriteria(builder, criteria)) as T;
}

function addCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<ColumnFilter>,
): void {
  if ('allOf' in criteria) {
    for (const part of criteria.allOf) {
      builder.andWhere(inner => addCriteria(inner, part));
    }
  } else if ('anyOf' in criteria) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    for (const part of criteria.anyOf) {
      builder.orWhere(inner => addCriteria(inner, part));
    }
  } else if ('not' in criteria) {
    builder.whereNot(inner => addCriteria(inner, criteria.not));
  } else if (criteria.column === OWNER_COLUMN && 'in' in criteria) {
    if (criteria.in.length === 0) builder.whereRaw('1 = 0');
    else {
      const placeholders = criteria.in.map(() => '?').join(', ');
      builder.whereRaw(`LOWER(??) IN (${placeholders})`, [
        `apps.${OWNER_COLUMN}`,
        ...criteria.in,
      ]);
    }
  } else if (criteria.column === OWNER_COLUMN) {
    applyPermissionFilter(builder, criteria, 'apps.');
  } else {
    applyTenantSetFilter(builder, criteria, APP_TENANTS);
  }
}

/**
 * Keeps the apps owned by one of `refs` (entity refs compare
 * case-insensitively, as in the catalog and the owner rule).
 */
export function whereOwnedBy<T extends Knex.QueryBuilder>(
  query: T,
  refs: string[],
): T {
  const lowered = [
    ...new Set(refs.map(ref => ref.trim().toLocaleLowerCase('en-US'))),
  ];
  if (lowered.length === 0) return query.whereRaw('1 = 0') as T;
  return query.whereRaw(`LOWER(??) IN (${lowered.map(() => '?').join(', ')})`, [
    `apps.${OWNER_COLUMN}`,
    ...lowered,
  ]) as T;
}
