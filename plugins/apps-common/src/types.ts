/** Environments an app runs in; `production` credentials carry `cp_live_`. */
export const APP_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const;
export type AppEnvironment = (typeof APP_ENVIRONMENTS)[number];

export type AppStatus = 'active' | 'disabled';

/** A managed application (DAT-APP), as the REST API returns it. */
export interface ManagedApp {
  /** UUID, generated at registration (FR-SYS-001). */
  id: string;
  /** Unique, also the name of its `App` entity in the catalog. */
  name: string;
  title?: string;
  description?: string;
  environment: AppEnvironment;
  /** Entity ref of the owning user or group, e.g. `group:default/team-apps`. */
  owner: string;
  /** Names of the tenants the app serves; its credentials reach only these. */
  tenants: string[];
  status: AppStatus;
  /** Why the app was disabled, while it is. */
  disabledReason?: string;
  rateLimits: RateLimitRule[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A limit on an app's calls to the routes matching `routePattern`, a path
 * under `/api` where `*` matches the rest (`/api/audit/*`). The most specific
 * (longest) matching pattern applies; calls matching none use the portal's
 * default (`apps.rateLimits.default`). A token bucket: `burst` calls at once,
 * refilled at `limitPerMinute`.
 */
export interface RateLimitRule {
  routePattern: string;
  limitPerMinute: number;
  burst: number;
}

export type CredentialStatus = 'active' | 'expired' | 'revoked';

/** An API access key (DAT-KEY), as the REST API returns it: never the secret. */
export interface AppCredential {
  /** UUID (the key id, KID). */
  id: string;
  appId: string;
  appName: string;
  name: string;
  /** The public client id, e.g. `cp_live_4k9x2m7q8w3z`. */
  clientId: string;
  /** The first characters of the client id, for recognition in lists. */
  prefix: string;
  scopes: string[];
  status: CredentialStatus;
  createdBy: string;
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  revokedAt?: string;
  rotatedAt?: string;
  /** While a rotation's grace period lasts, the old secret works until then. */
  previousSecretValidUntil?: string;
}

/** Answer of issuing or rotating: the only time the secret is ever shown. */
export interface IssuedCredential {
  credential: AppCredential;
  /** Client secret, shown once. */
  clientSecret: string;
  /** What the app sends: `Authorization: Bearer <token>`. */
  token: string;
}

/** Seed 000 step 8.2: usage of one credential over a period. */
export interface CredentialUsage {
  key_id: string;
  period: string;
  usage: {
    total_requests: number;
    successful_requests: number;
    failed_requests: number;
    rate_limited: number;
  };
  by_endpoint: { endpoint: string; count: number }[];
  /** Requests per day of the period, for the usage chart. */
  by_day: {
    day: string;
    total: number;
    successful: number;
    failed: number;
    rate_limited: number;
  }[];
  last_used_at?: string;
}

/**
 * Counts a verifier reports to the apps backend (`POST /usage`), per
 * credential, hour and endpoint (`GET /api/audit/events` style route).
 */
export interface UsageReport {
  entries: {
    credentialId: string;
    /** Start of the hour, ISO 8601 UTC. */
    hour: string;
    endpoint: string;
    successful: number;
    failed: number;
    rateLimited: number;
    lastUsedAt: string;
  }[];
}

/** One credential as the verifiers hold it in memory. */
export interface SnapshotCredential {
  credentialId: string;
  clientId: string;
  appId: string;
  appName: string;
  /** Keyed hashes (HMAC-SHA256, hex) of the secrets that currently work. */
  secretHashes: { hash: string; validUntil?: string }[];
  scopes: string[];
  /** Tenants reachable with this credential: the app's. */
  tenants: string[];
  expiresAt?: string;
  /** Present when the credential must be refused, with the reason. */
  refused?: 'revoked' | 'app-disabled';
}

/**
 * What `GET /api/apps/credentials/snapshot` answers (service principals
 * only). `revision` changes with every change to apps, credentials and rate
 * limits and is the ETag, so verifiers revalidate cheaply.
 */
export interface CredentialSnapshot {
  revision: string;
  credentials: SnapshotCredential[];
  rateLimits: { appId: string; rules: RateLimitRule[] }[];
}
