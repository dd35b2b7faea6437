import {
  ResourceAuthorizer,
  RouteHelpers,
  TenantResource,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  BillingApiPaths,
  billingTenantResourceType,
} from '@controlplane/plugin-billing-common';

/** The billing API's router: routes and handlers typed from the contract. */
export type BillingRouter = TypedRouter<BillingApiPaths>;

export type TenantAuthorizer = ResourceAuthorizer<
  TenantResource,
  typeof billingTenantResourceType
>;

export type { RouteHelpers };

/** The resource type of audit records of billing changes. */
export const BILLING_AUDIT_RESOURCE_TYPE = 'billing-tenant';
