import type {
  InvitationStatus,
  OrganizationSettings,
  PasswordPolicy,
  TenantPlan,
  TenantStatus,
  TenantUserRole,
  TenantUserStatus,
} from './generated';

// The REST API's types (Tenant, TenantUser, Invitation, ...) are generated
// from the contract, plugins/tenants-backend/src/schema/openapi.yaml, into
// ./generated. Here is only what the contract does not define: the value
// lists used at runtime, defaults and bounds, and the events of the tenant
// lifecycle.

/** Subscription plans, cheapest first. */
export const TENANT_PLANS = [
  'free',
  'starter',
  'professional',
  'enterprise',
] as const satisfies readonly TenantPlan[];

/** `offboarded` tenants are kept (soft delete) but hidden from default lists. */
export const TENANT_STATUSES = [
  'active',
  'suspended',
  'offboarded',
] as const satisfies readonly TenantStatus[];

/** Roles of a tenant's users (DAT-ROLE). */
export const TENANT_USER_ROLES = [
  'owner',
  'administrator',
  'user',
] as const satisfies readonly TenantUserRole[];

export const TENANT_USER_STATUSES = [
  'active',
  'disabled',
] as const satisfies readonly TenantUserStatus[];

export const INVITATION_STATUSES = [
  'pending',
  'accepted',
  'revoked',
  'expired',
] as const satisfies readonly InvitationStatus[];

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettings = {
  require2fa: false,
  sessionTimeoutMinutes: 480,
  allowedDomains: [],
  ipAllowList: [],
};

/** The idle session timeout's bounds, in minutes (30 days at most). */
export const SESSION_TIMEOUT_BOUNDS = { min: 5, max: 43_200 } as const;

/** The password policy of a new tenant (FR-AUTH-006, CON-SEC-001). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigit: true,
  requireSymbol: false,
  historyCount: 5,
  expiryDays: 0,
};

/** The events service topic of tenant lifecycle events. */
export const TENANTS_EVENT_TOPIC = 'controlplane.tenants';

export type TenantsEventType =
  | 'tenant.provisioned'
  | 'tenant.suspended'
  | 'tenant.reactivated'
  | 'tenant.plan-changed'
  | 'tenant.offboarded';

/** Payload of the events published on {@link TENANTS_EVENT_TOPIC}. */
export interface TenantsEventPayload {
  type: TenantsEventType;
  tenant: string;
  plan?: TenantPlan;
  reason?: string;
  applications?: string[];
}

/**
 * What each tenant role may do in the managed applications, as
 * `GET /auth/permissions` answers it to a signed-in tenant user (seed 000's
 * `resource:action` list; `*` is every action).
 */
export const TENANT_ROLE_SCOPES: Record<TenantUserRole, readonly string[]> = {
  owner: [
    'organizations:*',
    'users:*',
    'invitations:*',
    'sso:*',
    'billing:*',
    'api_keys:*',
    'agents:*',
    'deployments:*',
    'audit:read',
  ],
  administrator: [
    'organizations:read',
    'users:*',
    'invitations:*',
    'billing:read',
    'api_keys:*',
    'agents:*',
    'deployments:*',
    'audit:read',
  ],
  user: [
    'organizations:read',
    'agents:read',
    'agents:execute',
    'deployments:read',
  ],
};
