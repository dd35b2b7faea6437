export { tenantsApiRef } from './TenantsApi';
export type {
  ImpersonationRequest,
  TenantAuditRecord,
  TenantQuery,
  TenantsApi,
  TenantSortField,
} from './TenantsApi';
export { TenantsClient } from './TenantsClient';
