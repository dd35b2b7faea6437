import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntitiesSearchFilter } from '@backstage/plugin-catalog-node';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import {
  RELATION_SERVES_TENANT,
  TENANT_KIND,
} from '@controlplane/plugin-catalog-controlplane-common';
import {
  TENANT_RULE,
  TenantRuleParams,
} from '@controlplane/plugin-rbac-common';
import { z } from 'zod';

/** Groups (and other entities) of a tenant carry this annotation. */
export const TENANT_ANNOTATION = 'controlplane.io/tenant';

const tenantRef = (tenant: string) =>
  stringifyEntityRef({ kind: TENANT_KIND, namespace: 'default', name: tenant });

/**
 * The RBAC tenant rule for catalog entities, so a tenant-scoped member sees
 * only the tenant's own entities: the Tenant entity itself, the deployments
 * that serve it, and entities annotated `controlplane.io/tenant: <tenant>`.
 */
export const catalogTenantRule = createPermissionRule({
  name: TENANT_RULE,
  description:
    'Allow the entities of the given tenants: the tenant, its deployments and entities annotated with it',
  resourceRef: catalogEntityPermissionResourceRef,
  paramsSchema: z.object({
    tenants: z.array(z.string()).describe('Names of the tenants'),
  }),
  apply: (entity: Entity, { tenants }: TenantRuleParams) => {
    const refs = new Set(tenants.map(tenantRef));
    return (
      (entity.kind.toLocaleLowerCase('en-US') === 'tenant' &&
        tenants.includes(entity.metadata.name)) ||
      tenants.includes(
        entity.metadata.annotations?.[TENANT_ANNOTATION] ?? '',
      ) ||
      (entity.relations ?? []).some(
        relation =>
          relation.type === RELATION_SERVES_TENANT &&
          refs.has(relation.targetRef),
      )
    );
  },
  toQuery: ({
    tenants,
  }: TenantRuleParams): PermissionCriteria<EntitiesSearchFilter> => ({
    anyOf: [
      {
        allOf: [
          { key: 'kind', values: ['tenant'] },
          { key: 'metadata.name', values: tenants },
        ],
      },
      { key: `metadata.annotations.${TENANT_ANNOTATION}`, values: tenants },
      {
        key: `relations.${RELATION_SERVES_TENANT.toLocaleLowerCase('en-US')}`,
        values: tenants.map(tenantRef),
      },
    ],
  }),
});
