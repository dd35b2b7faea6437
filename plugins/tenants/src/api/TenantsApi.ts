import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Impersonation,
  Invitation,
  OrganizationSettings,
  Page,
  PasswordPolicy,
  Session,
  SsoConfig,
  Tenant,
  TenantPlan,
  TenantStatus,
  TenantUser,
  TenantUserRole,
  TenantUserStatus,
} from '@controlplane/plugin-tenants-common';

export type TenantSortField = 'name' | 'domain' | 'createdAt';

export interface TenantQuery {
  search?: string;
  status?: TenantStatus;
  plan?: TenantPlan;
  sort?: TenantSortField;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

export interface NewTenant {
  name: string;
  /** The organization's display name; the backend defaults it. */
  displayName?: string;
  domain: string;
  plan: TenantPlan;
  ownerEmail: string;
  applications: string[];
}

/** What provisioning returns: the tenant and, when shown, the owner's invitation. */
export interface ProvisionResult {
  tenant: Tenant;
  invitation?: Invitation;
}

export interface SsoUpdate {
  issuerUrl: string;
  clientId: string;
  /** Only when setting or replacing the secret. */
  clientSecret?: string;
}

export interface NewImpersonation {
  tenant: string;
  userId: string;
  reason: string;
  minutes: number;
}

/** An audit record of the tenant, as the audit plugin returns it. */
export interface TenantAuditRecord {
  id: string;
  timestamp: string;
  actorId: string;
  action: string;
  outcome: 'success' | 'failure';
  resourceType?: string;
  resourceId?: string;
  severity?: string;
}

/** The tenants backend's REST API at `/api/tenants` (and the audit plugin's tenant timeline). */
export interface TenantsApi {
  listTenants(query: TenantQuery): Promise<Page<Tenant>>;
  getTenant(name: string): Promise<Tenant>;
  provisionTenant(tenant: NewTenant): Promise<ProvisionResult>;
  changePlan(name: string, plan: TenantPlan): Promise<Tenant>;
  suspendTenant(name: string, reason: string): Promise<Tenant>;
  reactivateTenant(name: string, reason: string): Promise<Tenant>;
  offboardTenant(name: string, reason: string): Promise<void>;

  listUsers(
    tenant: string,
    query?: { search?: string; cursor?: string },
  ): Promise<Page<TenantUser>>;
  updateUser(
    tenant: string,
    userId: string,
    change: { role?: TenantUserRole; status?: TenantUserStatus },
  ): Promise<TenantUser>;
  deleteUser(tenant: string, userId: string): Promise<void>;

  listInvitations(tenant: string): Promise<Invitation[]>;
  invite(
    tenant: string,
    invitation: { email: string; role: TenantUserRole },
  ): Promise<Invitation>;
  resendInvitation(tenant: string, id: string): Promise<Invitation>;
  /** Accepts an invitation with the token of its link; returns the new user. */
  acceptInvitation(token: string, displayName?: string): Promise<TenantUser>;
  revokeInvitation(tenant: string, id: string): Promise<void>;

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
  updateOrganization(
    tenant: string,
    settings: Partial<OrganizationSettings>,
  ): Promise<OrganizationSettings>;

  startImpersonation(request: NewImpersonation): Promise<Impersonation>;
  listActiveImpersonations(): Promise<Impersonation[]>;
  stopImpersonation(id: string): Promise<void>;

  /** The tenant's audit records from the audit plugin, newest first. */
  listAuditRecords(tenant: string): Promise<TenantAuditRecord[]>;
}

export const tenantsApiRef = createApiRef<TenantsApi>({
  id: 'plugin.tenants.api',
});
