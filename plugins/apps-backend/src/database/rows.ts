import {
  AppCredential,
  AppEnvironment,
  AppStatus,
  CLIENT_ID_PREFIX_LENGTH,
  CredentialStatus,
  ManagedApp,
  RateLimitRule,
} from '@controlplane/plugin-apps-common';

/*
 * The rows of the apps plugin's tables and how they become the API's types.
 * Timestamps are written as ISO strings; PostgreSQL reads them back as Dates.
 */

/** Where the tenants of an app are, for the tenant permission filter. */
export const APP_TENANTS = {
  table: 'app_tenants',
  foreignKey: 'app_id',
  references: 'apps.id',
};

/** PostgreSQL returns Date objects, SQLite the ISO strings we wrote. */
export function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

export interface AppRow {
  id: string;
  name: string;
  title: string | null;
  description: string | null;
  environment: AppEnvironment;
  owner: string;
  status: AppStatus;
  disabled_reason: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface RateLimitRow {
  app_id: string;
  route_pattern: string;
  limit_per_minute: number;
  burst: number;
}

export interface CredentialRow {
  id: string;
  app_id: string;
  name: string;
  client_id: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_valid_until: Date | string | null;
  scopes: string;
  created_by: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  revoked_by: string | null;
  rotated_at: Date | string | null;
  last_used_at: Date | string | null;
}

/** A credential row with the name of its app (lists join it). */
export interface CredentialWithAppRow extends CredentialRow {
  app_name: string;
}

/** A credential row as the snapshot reads it: with its app's status too. */
export interface SnapshotCredentialRow extends CredentialWithAppRow {
  app_status: AppStatus;
  app_environment: AppEnvironment;
}

export function toApp(
  row: AppRow,
  tenants: string[],
  rules: RateLimitRule[],
): ManagedApp {
  return {
    id: row.id,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    ...(row.description ? { description: row.description } : {}),
    environment: row.environment,
    owner: row.owner,
    tenants: [...tenants].sort(),
    status: row.status,
    ...(row.disabled_reason ? { disabledReason: row.disabled_reason } : {}),
    rateLimits: rules,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function toRule(row: RateLimitRow): RateLimitRule {
  return {
    routePattern: row.route_pattern,
    limitPerMinute: Number(row.limit_per_minute),
    burst: Number(row.burst),
  };
}

export function credentialStatus(
  row: CredentialRow,
  now: Date,
): CredentialStatus {
  if (row.revoked_at) return 'revoked';
  if (row.expires_at && new Date(row.expires_at) <= now) return 'expired';
  return 'active';
}

/** The API shape of a credential: never a secret or a hash. */
export function toCredential(
  row: CredentialWithAppRow,
  now: Date,
): AppCredential {
  const graceUntil =
    row.previous_secret_hash && row.previous_valid_until && !row.revoked_at
      ? new Date(row.previous_valid_until)
      : undefined;
  return {
    id: row.id,
    appId: row.app_id,
    appName: row.app_name,
    name: row.name,
    clientId: row.client_id,
    prefix: row.client_id.slice(0, CLIENT_ID_PREFIX_LENGTH),
    scopes: JSON.parse(row.scopes),
    status: credentialStatus(row, now),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(row.expires_at ? { expiresAt: toIso(row.expires_at) } : {}),
    ...(row.last_used_at ? { lastUsedAt: toIso(row.last_used_at) } : {}),
    ...(row.revoked_at ? { revokedAt: toIso(row.revoked_at) } : {}),
    ...(row.rotated_at ? { rotatedAt: toIso(row.rotated_at) } : {}),
    ...(graceUntil && graceUntil > now
      ? { previousSecretValidUntil: graceUntil.toISOString() }
      : {}),
  };
}
