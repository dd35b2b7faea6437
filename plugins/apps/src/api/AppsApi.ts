import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  AppCredential,
  AppEnvironment,
  AppStatus,
  CredentialStatus,
  CredentialUsage,
  IssuedCredential,
  ManagedApp,
  RateLimitRule,
} from '@controlplane/plugin-apps-common';

export interface AppQuery {
  search?: string;
  status?: AppStatus;
  tenant?: string;
  cursor?: string;
  limit?: number;
}

export interface AppPage {
  items: ManagedApp[];
  nextCursor?: string;
}

export interface NewApp {
  name: string;
  title?: string;
  description?: string;
  environment: AppEnvironment;
  /** Entity ref of the owning user or group. */
  owner: string;
  tenants: string[];
}

/** The fields of an app that can change after registration; null clears. */
export interface AppChange {
  title?: string | null;
  description?: string | null;
  owner?: string;
  tenants?: string[];
}

export interface CredentialQuery {
  appId?: string;
  status?: CredentialStatus;
  cursor?: string;
}

/** A page of credentials, as seed 000 step 8.1 names it. */
export interface CredentialPage {
  records: AppCredential[];
  total: number;
  nextCursor?: string;
}

export interface NewCredential {
  name: string;
  scopes: string[];
  /** ISO 8601 UTC; no expiry when left out. */
  expiresAt?: string;
}

/** What revoking answers (seed 000 step 8.3). */
export interface RevokedCredential {
  message: string;
  key_id: string;
  revoked_at: string;
}

export const USAGE_PERIODS = ['7d', '30d', '90d'] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** The apps backend's REST API at `/api/apps`. */
export interface AppsApi {
  listApps(query: AppQuery): Promise<AppPage>;
  registerApp(app: NewApp): Promise<ManagedApp>;
  getApp(id: string): Promise<ManagedApp>;
  updateApp(id: string, change: AppChange): Promise<ManagedApp>;
  disableApp(id: string, reason: string): Promise<ManagedApp>;
  enableApp(id: string): Promise<ManagedApp>;
  setRateLimits(id: string, rules: RateLimitRule[]): Promise<ManagedApp>;

  listCredentials(query: CredentialQuery): Promise<CredentialPage>;
  /** Issues a credential; the answer is the only time its secret is shown. */
  issueCredential(
    appId: string,
    credential: NewCredential,
  ): Promise<IssuedCredential>;
  /** A new secret; the old one works for `gracePeriodHours` more. */
  rotateCredential(
    id: string,
    gracePeriodHours: number,
  ): Promise<IssuedCredential>;
  revokeCredential(id: string): Promise<RevokedCredential>;
  getUsage(id: string, period: UsagePeriod): Promise<CredentialUsage>;
}

export const appsApiRef = createApiRef<AppsApi>({
  id: 'plugin.apps.api',
});
