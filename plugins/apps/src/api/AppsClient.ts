import {
  PluginApiClient,
  PluginApiClientOptions,
  queryString,
} from '@controlplane/frontend-common';
import {
  CredentialUsage,
  IssuedCredential,
  ManagedApp,
  RateLimitRule,
} from '@controlplane/plugin-apps-common';
import {
  AppChange,
  AppPage,
  AppQuery,
  AppsApi,
  CredentialPage,
  CredentialQuery,
  NewApp,
  NewCredential,
  RevokedCredential,
  UsagePeriod,
} from './AppsApi';

const enc = encodeURIComponent;

/** Talks to the apps backend through the app's fetch and discovery APIs. */
export class AppsClient implements AppsApi {
  private readonly backend: PluginApiClient;

  constructor(options: PluginApiClientOptions) {
    this.backend = new PluginApiClient({ ...options, pluginId: 'apps' });
  }

  async listApps(query: AppQuery): Promise<AppPage> {
    const body = await this.backend.request<AppPage>(
      'GET',
      `/apps${queryString({
        search: query.search,
        status: query.status,
        tenant: query.tenant,
        cursor: query.cursor,
        limit: query.limit,
      })}`,
    );
    return { items: body.items ?? [], nextCursor: body.nextCursor };
  }

  registerApp(app: NewApp): Promise<ManagedApp> {
    return this.backend.request('POST', '/apps', app);
  }

  getApp(id: string): Promise<ManagedApp> {
    return this.backend.request('GET', `/apps/${enc(id)}`);
  }

  updateApp(id: string, change: AppChange): Promise<ManagedApp> {
    return this.backend.request('PATCH', `/apps/${enc(id)}`, change);
  }

  disableApp(id: string, reason: string): Promise<ManagedApp> {
    return this.backend.request('POST', `/apps/${enc(id)}/disable`, {
      reason,
    });
  }

  enableApp(id: string): Promise<ManagedApp> {
    return this.backend.request('POST', `/apps/${enc(id)}/enable`);
  }

  setRateLimits(id: string, rules: RateLimitRule[]): Promise<ManagedApp> {
    return this.backend.request('PUT', `/apps/${enc(id)}/rate-limits`, {
      rules,
    });
  }

  async listCredentials(query: CredentialQuery): Promise<CredentialPage> {
    const body = await this.backend.request<CredentialPage>(
      'GET',
      `/api-keys${queryString({
        appId: query.appId,
        status: query.status,
        cursor: query.cursor,
      })}`,
    );
    const records = body.records ?? [];
    return {
      records,
      total: body.total ?? records.length,
      nextCursor: body.nextCursor,
    };
  }

  issueCredential(
    appId: string,
    credential: NewCredential,
  ): Promise<IssuedCredential> {
    return this.backend.request(
      'POST',
      `/apps/${enc(appId)}/api-keys`,
      credential,
    );
  }

  rotateCredential(
    id: string,
    gracePeriodHours: number,
  ): Promise<IssuedCredential> {
    return this.backend.request('POST', `/api-keys/${enc(id)}/rotate`, {
      gracePeriodHours,
    });
  }

  revokeCredential(id: string): Promise<RevokedCredential> {
    return this.backend.request('DELETE', `/api-keys/${enc(id)}`);
  }

  getUsage(id: string, period: UsagePeriod): Promise<CredentialUsage> {
    return this.backend.request(
      'GET',
      `/api-keys/${enc(id)}/usage${queryString({ period })}`,
    );
  }
}
