import {
  createPermissionRule,
  PermissionResourceRef,
  PermissionRule,
} from '@backstage/plugin-permission-node';
import {
  NOT_REQUESTER_RULE,
  NotRequesterRuleParams,
  TENANT_RULE,
  TenantRuleParams,
} from '@controlplane/plugin-rbac-common';
import { z } from 'zod';
import { ColumnFilter } from './filters';

/**
 * The tenant rule every tenant-owned resource type registers, so that
 * tenant-scoped role members see and change only their tenant's resources.
 *
 * @example
 * ```ts
 * permissionsRegistry.addResourceType({
 *   resourceRef: auditEventResourceRef,
 *   permissions: auditPermissions,
 *   rules: [createTenantRule({ resourceRef: auditEventResourceRef,
 *     column: 'tenant', getTenant: event => event.tenant })],
 * });
 * ```
 */
export function createTenantRule<
  TResource,
  TResourceType extends string,
>(options: {
  resourceRef: PermissionResourceRef<TResource, ColumnFilter, TResourceType>;
  /** The column holding the tenant name in the plugin's table. */
  column: string;
  getTenant(resource: TResource): string | undefined | null;
}): PermissionRule<TResource, ColumnFilter, TResourceType, TenantRuleParams> {
  return createPermissionRule({
    name: TENANT_RULE,
    description: 'Allow resources that belong to one of the given tenants',
    resourceRef: options.resourceRef,
    paramsSchema: z.object({
      tenants: z.array(z.string()).describe('Names of the tenants'),
    }),
    apply: (resource: TResource, { tenants }: TenantRuleParams) => {
      const tenant = options.getTenant(resource);
      return !!tenant && tenants.includes(tenant);
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

/**
 * Separation of duties: the resource (a request awaiting a decision) was not
 * made by the user deciding on it. The RBAC policy adds it to every
 * approve/reject permission.
 */
export function createNotRequesterRule<
  TResource,
  TResourceType extends string,
>(options: {
  resourceRef: PermissionResourceRef<TResource, ColumnFilter, TResourceType>;
  /** The column holding the requester's user entity ref. */
  column: string;
  getRequester(resource: TResource): string | undefined | null;
}): PermissionRule<
  TResource,
  ColumnFilter,
  TResourceType,
  NotRequesterRuleParams
> {
  return createPermissionRule({
    name: NOT_REQUESTER_RULE,
    description: 'Allow resources that were not requested by the given user',
    resourceRef: options.resourceRef,
    paramsSchema: z.object({
      userRef: z.string().describe('Entity ref of the deciding user'),
    }),
    apply: (resource: TResource, { userRef }: NotRequesterRuleParams) =>
      options.getRequester(resource) !== userRef,
    toQuery: ({ userRef }: NotRequesterRuleParams) => ({
      column: options.column,
      notEqual: userRef,
    }),
  }) as PermissionRule<
    TResource,
    ColumnFilter,
    TResourceType,
    NotRequesterRuleParams
  >;
}
