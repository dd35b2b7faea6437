import { createApiRef } from '@backstage/frontend-plugin-api';
import { QueryParams } from '@controlplane/common';
import {
  AppPage,
  AppPatch,
  AppsApiOperations,
  CredentialFailures,
  CredentialPage,
  CredentialUsage,
  IssuedCredential,
  ManagedApp,
  NewApp,
  NewCredential,
  RateLimitRule,
  RevokedCredential,
  UsagePeriod,
} from '@controlplane/plugin-apps-common';

/**
 * The apps backend's REST API at `/api/apps`. Requests and answers are the
 * types generated from its openapi.yaml (`@controlplane/plugin-apps-common`).
 */
export interface AppsApi {
  listApps(query: QueryParams<AppsApiOperations['ListApps']>): Promise<AppPage>;
  registerApp(app: NewApp): Promise<ManagedApp>;
  getApp(id: string): Promise<ManagedApp>;
  /** Changes the given fields; null clears a title or description. */
  updateApp(id: string, change: AppPatch): Promise<ManagedApp>;
  disableApp(id: string, reason: string): Promise<ManagedApp>;
  enableApp(id: string): Promise<ManagedApp>;
  setRateLimits(id: string, rules: RateLimitRule[]): Promise<ManagedApp>;

  listCredentials(
    query: QueryParams<AppsApiOperations['ListCredentials']>,
  ): Promise<CredentialPage>;
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
  /** The apps whose credentials failed in the last `hours` (default 24). */
  listCredentialFailures(
    query?: QueryParams<AppsApiOperations['ListCredentialFailures']>,
  ): Promise<CredentialFailures>;
}

export const appsApiRef = createApiRef<AppsApi>({
  id: 'plugin.apps.api',
});
