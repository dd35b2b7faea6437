import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import { QueryParams } from '@controlplane/common';
import {
  AppPatch,
  AppsApiOperations,
  AppsApiPaths,
  NewApp,
  NewCredential,
  RateLimitRule,
  UsagePeriod,
} from '@controlplane/plugin-apps-common';
import { AppsApi } from './AppsApi';

/**
 * Talks to the apps backend through the app's fetch and discovery APIs;
 * paths, parameters, bodies and answers are typed from its contract.
 */
export class AppsClient implements AppsApi {
  private readonly api: OpenApiClient<AppsApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'apps' });
  }

  listCredentialFailures(
    query: QueryParams<AppsApiOperations['ListCredentialFailures']> = {},
  ) {
    return this.api.call('get', '/credential-failures', { query });
  }

  listApps(query: QueryParams<AppsApiOperations['ListApps']>) {
    return this.api.call('get', '/apps', { query });
  }

  registerApp(app: NewApp) {
    return this.api.call('post', '/apps', { body: app });
  }

  getApp(id: string) {
    return this.api.call('get', '/apps/{id}', { path: { id } });
  }

  updateApp(id: string, change: AppPatch) {
    return this.api.call('patch', '/apps/{id}', { path: { id }, body: change });
  }

  disableApp(id: string, reason: string) {
    return this.api.call('post', '/apps/{id}/disable', {
      path: { id },
      body: { reason },
    });
  }

  enableApp(id: string) {
    return this.api.call('post', '/apps/{id}/enable', { path: { id } });
  }

  setRateLimits(id: string, rules: RateLimitRule[]) {
    return this.api.call('put', '/apps/{id}/rate-limits', {
      path: { id },
      body: { rules },
    });
  }

  listCredentials(query: QueryParams<AppsApiOperations['ListCredentials']>) {
    return this.api.call('get', '/api-keys', { query });
  }

  issueCredential(appId: string, credential: NewCredential) {
    return this.api.call('post', '/apps/{id}/api-keys', {
      path: { id: appId },
      body: credential,
    });
  }

  rotateCredential(id: string, gracePeriodHours: number) {
    return this.api.call('post', '/api-keys/{keyId}/rotate', {
      path: { keyId: id },
      body: { gracePeriodHours },
    });
  }

  revokeCredential(id: string) {
    return this.api.call('delete', '/api-keys/{keyId}', {
      path: { keyId: id },
    });
  }

  getUsage(id: string, period: UsagePeriod) {
    return this.api.call('get', '/api-keys/{keyId}/usage', {
      path: { keyId: id },
      query: { period },
    });
  }
}
