import { RowPage } from '@controlplane/backend-common';
import {
  DEFAULT_ORGANIZATION_SETTINGS,
  DEFAULT_PASSWORD_POLICY,
  Impersonation,
  Invitation,
  InvitationStatus,
  OrganizationSettings,
  PasswordPolicy,
  Session,
  Tenant,
  TenantPlan,
  TenantStatus,
  TenantUser,
  TenantUserRole,
  TenantUserStatus,
} from '@controlplane/plugin-tenants-common';

/** The API page of a store page: the rows mapped, the cursor kept. */
export function toItemsPage<R, T>(
  page: RowPage<R>,
  map: (row: R) => T,
): { items: T[]; nextCursor?: string } {
  return {
    items: page.rows.map(map),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

/** PostgreSQL returns Date objects, SQLite the ISO strings we wrote. */
export function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}
export const optionalIso = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? undefined : toIso(value);

export interface TenantRow {
  id: string;
  name: string;
  display_name: string;
  domain: string;
  plan: string;
  status: string;
  status_reason: string | null;
  /** Unused: the apps plugin owns which apps serve a tenant; written '[]'. */
  applications: string;
  settings: string;
  password_policy: string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A tenant with what only the backend needs. */
export interface StoredTenant extends Tenant {
  settings: OrganizationSettings;
  passwordPolicy: PasswordPolicy;
}

export function toTenant(row: TenantRow): StoredTenant {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    domain: row.domain,
    plan: row.plan as TenantPlan,
    status: row.status as TenantStatus,
    ...(row.status_reason ? { statusReason: row.status_reason } : {}),
    settings: { ...DEFAULT_ORGANIZATION_SETTINGS, ...JSON.parse(row.settings) },
    passwordPolicy: {
      ...DEFAULT_PASSWORD_POLICY,
      ...JSON.parse(row.password_policy),
    },
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** The API shape of a tenant (no settings or policy). */
export function publicTenant(tenant: StoredTenant): Tenant {
  const { settings: _s, passwordPolicy: _p, ...rest } = tenant;
  return rest;
}

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  display_name: string | null;
  role: string;
  status: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toUser(row: UserRow, tenant: string): TenantUser {
  return {
    id: row.id,
    tenant,
    email: row.email,
    ...(row.display_name ? { displayName: row.display_name } : {}),
    role: row.role as TenantUserRole,
    status: row.status as TenantUserStatus,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface InvitationRow {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  token_hash: string;
  status: string;
  expires_at: Date | string;
  created_by: string | null;
  created_at: Date | string;
  accepted_at: Date | string | null;
  user_id: string | null;
}

export function toInvitation(
  row: InvitationRow,
  tenant: string,
  now: Date,
): Invitation {
  const expired = row.status === 'pending' && new Date(row.expires_at) <= now;
  return {
    id: row.id,
    tenant,
    email: row.email,
    role: row.role as TenantUserRole,
    status: (expired ? 'expired' : row.status) as InvitationStatus,
    expiresAt: toIso(row.expires_at),
    createdAt: toIso(row.created_at),
    ...(row.created_by ? { createdBy: row.created_by } : {}),
    ...(row.accepted_at ? { acceptedAt: toIso(row.accepted_at) } : {}),
  };
}

export interface SessionRow {
  id: string;
  user_id: string;
  tenant_id: string;
  token_hash: string;
  created_at: Date | string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  revoke_reason: string | null;
  impersonation_id: string | null;
}

export function toSession(row: SessionRow, tenant: string, now: Date): Session {
  return {
    id: row.id,
    userId: row.user_id,
    tenant,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    ...(row.revoked_at ? { revokedAt: toIso(row.revoked_at) } : {}),
    ...(row.revoke_reason ? { revokeReason: row.revoke_reason } : {}),
    ...(row.impersonation_id ? { impersonationId: row.impersonation_id } : {}),
    active: !row.revoked_at && new Date(row.expires_at) > now,
  };
}

export interface SsoConfigRow {
  tenant_id: string;
  issuer_url: string;
  client_id: string;
  /** AES-256-GCM, bound to the tenant id (see SecretCipher). */
  client_secret_encrypted: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface ImpersonationRow {
  id: string;
  tenant_id: string;
  user_id: string;
  actor: string;
  reason: string;
  session_id: string | null;
  started_at: Date | string;
  expires_at: Date | string;
  ended_at: Date | string | null;
  end_reason: string | null;
  ended_by: string | null;
  tenant_name?: string;
  user_email?: string | null;
}

export function toImpersonation(
  row: ImpersonationRow,
  now: Date,
): Impersonation {
  const expired = !row.ended_at && new Date(row.expires_at) <= now;
  // Reads treat an expired impersonation as ended, before the task runs.
  let ending: Pick<Impersonation, 'endedAt' | 'endReason'> = {};
  if (row.ended_at) {
    ending = {
      endedAt: toIso(row.ended_at),
      endReason: row.end_reason as NonNullable<Impersonation['endReason']>,
    };
  } else if (expired) {
    ending = { endedAt: toIso(row.expires_at), endReason: 'expired' };
  }
  return {
    id: row.id,
    tenant: row.tenant_name ?? '',
    userId: row.user_id,
    ...(row.user_email ? { userEmail: row.user_email } : {}),
    actor: row.actor,
    reason: row.reason,
    startedAt: toIso(row.started_at),
    expiresAt: toIso(row.expires_at),
    ...ending,
    active: !row.ended_at && !expired,
  };
}
