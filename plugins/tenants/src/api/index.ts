export { tenantsApiRef } from './TenantsApi';
export type {
  ImpersonationRequest,
  TenantAuditRecord,
  TenantQuery,
  TenantRiskSignals,
  TenantsApi,
  TenantSortField,
} from './TenantsApi';
export { TenantsClient } from './TenantsClient';
