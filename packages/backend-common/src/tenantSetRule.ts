import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  createPermissionRule,
  PermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import {
  TENANT_RULE,
  TenantRuleParams,
} from '@controlplane/plugin-rbac-common';
import { Knex } from 'knex';
import { z } from 'zod';
import { ColumnFilter } from './filters';

/**
 * The shared tenant rule for a resource that serves several tenants (an app
 * and the tenants its credentials reach): it matches when the resource serves
 * at least one tenant and every tenant it serves is among the rule's tenants,
 * so a member scoped to acme never touches what also reaches globex.
 *
 * Its query form is `{ column, in: tenants }` on the column of a join table
 * (one row per resource and tenant); apply it with
 * {@link applyTenantSetFilter}, not `applyPermissionFilter`.
 */
export function createTenantSetRule<
  TResource,
  TResourceType extends string,
>(options: {
  resourceRef: PermissionResourceRef<TResource, ColumnFilter, TResourceType>;
  /** The tenant column of the join table. */
  column: string;
  getTenants(resource: TResource): readonly string[];
}): PermissionRule<TResource, ColumnFilter, TResourceType, TenantRuleParams> {
  return createPermissionRule({
    name: TENANT_RULE,
    description:
      'Allow resources all of whose tenants are among the given tenants',
    resourceRef: options.resourceRef,
    paramsSchema: z.object({
      tenants: z.array(z.string()).describe('Names of the tenants'),
    }),
    apply: (resource: TResource, { tenants }: TenantRuleParams) => {
      const served = options.getTenants(resource);
      return (
        served.length > 0 && served.every(tenant => tenants.includes(tenant))
      );
    },
    toQuery: ({ tenants }: TenantRuleParams) => ({
      column: options.column,
      in: tenants,
    }),
  }) as PermissionRule<
    TResource,
    ColumnFilter,
    TResourceType,
    TenantRuleParams
  >;
}

/** Where the tenants of each resource are, for {@link applyTenantSetFilter}. */
export interface TenantSetTable {
  /** The join table, e.g. `app_tenants`. */
  table: string;
  /** Its column referencing the resource, e.g. `app_id`. */
  foreignKey: string;
  /** The resource's key in the outer query, e.g. `apps.id`. */
  references: string;
}

/**
 * Adds the conditions of a {@link createTenantSetRule} decision to a knex
 * query over the resources: a tenant filter becomes "has a tenant, and has
 * no tenant outside the list" (EXISTS / NOT EXISTS over the join table).
 */
export function applyTenantSetFilter<T extends Knex.QueryBuilder>(
  query: T,
  criteria: PermissionCriteria<ColumnFilter>,
  tables: TenantSetTable,
): T {
  return query.where(builder => addCriteria(builder, criteria, tables)) as T;
}

function addCriteria(
  builder: Knex.QueryBuilder,
  criteria: PermissionCriteria<ColumnFilter>,
  tables: TenantSetTable,
): void {
  if ('allOf' in criteria) {
    for (const part of criteria.allOf) {
      builder.andWhere(inner => addCriteria(inner, part, tables));
    }
  } else if ('anyOf' in criteria) {
    if (criteria.anyOf.length === 0) {
      builder.whereRaw('1 = 0');
      return;
    }
    for (const part of criteria.anyOf) {
      builder.orWhere(inner => addCriteria(inner, part, tables));
    }
  } else if ('not' in criteria) {
    builder.whereNot(inner => addCriteria(inner, criteria.not, tables));
  } else if ('in' in criteria) {
    const { table, foreignKey, references } = tables;
    const values = criteria.in;
    builder
      .whereExists(function served() {
        this.select(1)
          .from(table)
          .whereRaw('?? = ??', [`${table}.${foreignKey}`, references]);
      })
      .whereNotExists(function outside() {
        this.select(1)
          .from(table)
          .whereRaw('?? = ??', [`${table}.${foreignKey}`, references]);
        if (values.length > 0) {
          this.whereNotIn(`${table}.${criteria.column}`, values);
        }
      });
  } else {
    throw new Error(
      `A tenant set filter cannot apply "${criteria.column} <> ${criteria.notEqual}"`,
    );
  }
}
