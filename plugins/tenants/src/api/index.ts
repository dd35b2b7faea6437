export { tenantsApiRef } from './TenantsApi';
export type {
  NewImpersonation,
  NewTenant,
  ProvisionResult,
  SsoUpdate,
  TenantAuditRecord,
  TenantQuery,
  TenantsApi,
  TenantSortField,
} from './TenantsApi';
export { TenantsClient } from './TenantsClient';
