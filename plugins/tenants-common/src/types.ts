/** Subscription plans, cheapest first. */
export const TENANT_PLANS = [
  'free',
  'starter',
  'professional',
  'enterprise',
] as const;
export type TenantPlan = (typeof TENANT_PLANS)[number];

/** `offboarded` tenants are kept (soft delete) but hidden from default lists. */
export const TENANT_STATUSES = ['active', 'suspended', 'offboarded'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/** Roles of a tenant's users (DAT-ROLE). */
export const TENANT_USER_ROLES = ['owner', 'administrator', 'user'] as const;
export type TenantUserRole = (typeof TENANT_USER_ROLES)[number];

export const TENANT_USER_STATUSES = ['active', 'disabled'] as const;
export type TenantUserStatus = (typeof TENANT_USER_STATUSES)[number];

export const INVITATION_STATUSES = [
  'pending',
  'accepted',
  'revoked',
  'expired',
] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Settings of the organization (the tenant seen by its owners). */
export interface OrganizationSettings {
  require2fa: boolean;
  /** Idle session timeout, 5 to 43,200 minutes (30 days). */
  sessionTimeoutMinutes: number;
  /** E-mail domains whose users may join, e.g. `acme.example`. */
  allowedDomains: string[];
  /** CIDR blocks (IPv4 or IPv6) users may sign in from; empty = anywhere. */
  ipAllowList: string[];
}

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettings = {
  require2fa: false,
  sessionTimeoutMinutes: 480,
  allowedDomains: [],
  ipAllowList: [],
};

export const SESSION_TIMEOUT_BOUNDS = { min: 5, max: 43_200 } as const;

/** Password complexity rules of a tenant (FR-AUTH-006, CON-SEC-001). */
export interface PasswordPolicy {
  /** At least 8, at most 128. */
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  /** How many previous passwords may not be reused, 0 to 24. */
  historyCount: number;
  /** Days until a password must be changed, 0 (never) to 365. */
  expiryDays: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 12,
  requireLowercase: true,
  requireUppercase: true,
  requireDigit: true,
  requireSymbol: false,
  historyCount: 5,
  expiryDays: 0,
};

export interface Tenant {
  id: string;
  /** The tenant name used everywhere (RBAC scoping, catalog): `acme`. */
  name: string;
  /** Display name of the organization: `Acme Corp`. */
  displayName: string;
  /** Unique domain of the tenant: `acme.example`. */
  domain: string;
  plan: TenantPlan;
  status: TenantStatus;
  /** Why the tenant was last suspended or offboarded. */
  statusReason?: string;
  /** Managed applications enabled for the tenant. */
  applications: string[];
  createdAt: string;
  updatedAt: string;
}

export interface TenantUser {
  id: string;
  tenant: string;
  email: string;
  displayName?: string;
  role: TenantUserRole;
  status: TenantUserStatus;
  createdAt: string;
  updatedAt: string;
}

export interface Invitation {
  id: string;
  tenant: string;
  email: string;
  role: TenantUserRole;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
  createdBy?: string;
  acceptedAt?: string;
  /**
   * The accept link, only in the answer to invite/resend and only when the
   * log mailer is configured (local development), so the UI can show it.
   */
  acceptUrl?: string;
}

export interface Session {
  id: string;
  userId: string;
  tenant: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokeReason?: string;
  /** Set when the session was issued for an impersonation. */
  impersonationId?: string;
  active: boolean;
}

export interface SsoConfig {
  tenant: string;
  issuerUrl: string;
  clientId: string;
  /** The secret itself is never returned. */
  clientSecretSet: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Impersonation {
  id: string;
  tenant: string;
  userId: string;
  userEmail?: string;
  actor: string;
  reason: string;
  startedAt: string;
  expiresAt: string;
  endedAt?: string;
  endReason?: 'stopped' | 'expired';
  active: boolean;
}

/** A page of a list; pass `nextCursor` back as `cursor` for the next page. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

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
