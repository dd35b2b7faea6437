import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import type { AuditRecord } from '@controlplane/plugin-audit-common';
import type { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import {
  Impersonation,
  Invitation,
  NewImpersonation,
  NewInvitation,
  NewTenant,
  OrganizationSettings,
  PasswordPolicy,
  ProvisionedTenant,
  Session,
  SsoConfig,
  SsoUpdate,
  Tenant,
  TenantPage,
  TenantPlan,
  TenantsApiOperations,
  TenantStatus,
  TenantUser,
  TenantUserPage,
  TenantUserSummary,
  TenantUserUpdate,
} from '@controlplane/plugin-tenants-common';

type ListTenantsQuery = QueryParams<TenantsApiOperations['ListTenants']>;

/** The sort keys of the tenant list. */
export type TenantSortField = NonNullable<ListTenantsQuery['sort']>;

/**
 * What the tenants list asks for: the contract's sorting and paging, the
 * search text (`q`) and one status and one plan at a time, as the page's
 * filter chips choose them.
 */
export interface TenantQuery
  extends Pick<ListTenantsQuery, 'sort' | 'order' | 'cursor'> {
  search?: string;
  status?: TenantStatus;
  plan?: TenantPlan;
  limit?: number;
  /** Only the tenants the user is a member of (through tenant-scoped roles). */
  mine?: boolean;
}

/**
 * What the platform dashboard (the platform-health plugin) finds wrong with
 * tenants: at risk by seed 002's rule (failure rate, drift, credential
 * failures), and over quota or budget. Its top ten of each.
 */
export type TenantRiskSignals = Pick<
  PlatformOverview['top_lists'],
  'at_risk_tenants' | 'entitlement_exceptions'
>;

/** An impersonation to start; `minutes` is the contract's `durationMinutes`. */
export type ImpersonationRequest = Omit<NewImpersonation, 'durationMinutes'> & {
  minutes: number;
};

/** What the tenant's audit timeline shows of an audit plugin record. */
export type TenantAuditRecord = Pick<
  AuditRecord,
  | 'id'
  | 'timestamp'
  | 'actorId'
  | 'action'
  | 'outcome'
  | 'resourceType'
  | 'resourceId'
>;

/** The tenants backend's REST API at `/api/tenants` (and the audit plugin's tenant timeline). */
export interface TenantsApi {
  listTenants(query: TenantQuery): Promise<TenantPage>;
  getTenant(name: string): Promise<Tenant>;
  provisionTenant(tenant: NewTenant): Promise<ProvisionedTenant>;
  changePlan(name: string, plan: TenantPlan): Promise<Tenant>;
  suspendTenant(name: string, reason: string): Promise<Tenant>;
  reactivateTenant(name: string, reason: string): Promise<Tenant>;
  offboardTenant(name: string, reason: string): Promise<void>;

  listUsers(
    tenant: string,
    query?: Pick<TenantQuery, 'search' | 'cursor'>,
  ): Promise<TenantUserPage>;
  /** The tenant's users by status and role, the newest, pending invitations. */
  getUserSummary(tenant: string): Promise<TenantUserSummary>;
  updateUser(
    tenant: string,
    userId: string,
    change: TenantUserUpdate,
  ): Promise<TenantUser>;
  deleteUser(tenant: string, userId: string): Promise<void>;

  /** The first page of the tenant's invitations, newest first. */
  listInvitations(tenant: string): Promise<Invitation[]>;
  invite(tenant: string, invitation: NewInvitation): Promise<Invitation>;
  resendInvitation(tenant: string, id: string): Promise<Invitation>;
  /** Accepts an invitation with the token of its link; returns the new user. */
  acceptInvitation(token: string, displayName?: string): Promise<TenantUser>;
  revokeInvitation(tenant: string, id: string): Promise<void>;

  /** The first page of the user's sessions, newest first. */
  listSessions(tenant: string, userId: string): Promise<Session[]>;
  revokeSession(
    tenant: string,
    userId: string,
    sessionId: string,
  ): Promise<void>;
  revokeAllSessions(tenant: string, userId: string): Promise<void>;

  /** Undefined when the tenant has no SSO configured. */
  getSso(tenant: string): Promise<SsoConfig | undefined>;
  updateSso(tenant: string, sso: SsoUpdate): Promise<SsoConfig>;

  getPasswordPolicy(tenant: string): Promise<PasswordPolicy>;
  updatePasswordPolicy(
    tenant: string,
    policy: PasswordPolicy,
  ): Promise<PasswordPolicy>;

  getOrganization(tenant: string): Promise<OrganizationSettings>;
  /** Changes the settings given; the others keep their values. */
  updateOrganization(
    tenant: string,
    settings: Partial<OrganizationSettings>,
  ): Promise<OrganizationSettings>;

  startImpersonation(request: ImpersonationRequest): Promise<Impersonation>;
  /** The first page of the active impersonations the user may see. */
  listActiveImpersonations(): Promise<Impersonation[]>;
  stopImpersonation(id: string): Promise<void>;

  /** The tenant's audit records from the audit plugin, newest first. */
  listAuditRecords(tenant: string): Promise<TenantAuditRecord[]>;

  /** The platform dashboard's signals of tenants at risk (platform-health plugin). */
  getRiskSignals(): Promise<TenantRiskSignals>;
}

export const tenantsApiRef = createApiRef<TenantsApi>({
  id: 'plugin.tenants.api',
});
