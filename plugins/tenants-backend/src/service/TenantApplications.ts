import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * Which managed applications serve a tenant. The apps plugin owns this (an
 * app's `tenants` is what its credentials may reach); the tenants plugin
 * only reads it and asks for changes, so the two can never disagree.
 */
export interface TenantApplications {
  /**
   * The app names serving each tenant, in one call; undefined when the apps
   * plugin is not installed or does not answer (never a stale copy).
   */
  read(tenants: string[]): Promise<Record<string, string[]> | undefined>;
  /**
   * Makes exactly `applications` serve `tenant`, checked by the apps plugin
   * as the user (`apps.app.update` on each changed app). Its 4xx answers
   * come back as the same errors with its message; no answer is a 503.
   */
  replace(
    tenant: string,
    applications: string[],
    onBehalfOf: BackstageCredentials,
  ): Promise<void>;
}

const APPS_PLUGIN_ID = 'apps';
const TIMEOUT_MS = 10_000;
const MAX_PER_CALL = 100;

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** The apps plugin's `/tenant-apps` API over REST. */
export class AppsTenantApplications implements TenantApplications {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async read(tenants: string[]): Promise<Record<string, string[]> | undefined> {
    if (tenants.length === 0) return {};
    try {
      const baseUrl = await this.deps.discovery.getBaseUrl(APPS_PLUGIN_ID);
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: APPS_PLUGIN_ID,
      });
      const served: Record<string, string[]> = {};
      // The apps API takes at most 100 tenants a call: a page of 200 is two.
      for (let start = 0; start < tenants.length; start += MAX_PER_CALL) {
        const chunk = tenants.slice(start, start + MAX_PER_CALL);
        const query = new URLSearchParams(chunk.map(t => ['tenant', t]));
        const response = await fetch(`${baseUrl}/tenant-apps?${query}`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!response.ok) return undefined;
        const body = (await response.json()) as {
          tenants?: Record<string, string[]>;
        };
        if (!body.tenants) return undefined;
        for (const tenant of chunk) served[tenant] = body.tenants[tenant] ?? [];
      }
      return served;
    } catch {
      return undefined;
    }
  }

  async replace(
    tenant: string,
    applications: string[],
    onBehalfOf: BackstageCredentials,
  ): Promise<void> {
    let response: Response;
    try {
      const baseUrl = await this.deps.discovery.getBaseUrl(APPS_PLUGIN_ID);
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf,
        targetPluginId: APPS_PLUGIN_ID,
      });
      response = await fetch(
        `${baseUrl}/tenant-apps/${encodeURIComponent(tenant)}`,
        {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ applications }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
      );
    } catch (error) {
      throw new ServiceUnavailableError(
        `The applications of tenant ${tenant} could not be set: the apps plugin did not answer (${error})`,
      );
    }
    if (response.ok) return;
    const message = await errorMessage(response);
    switch (response.status) {
      case 400:
        throw new InputError(`applications: ${message}`);
      case 403:
        throw new NotAllowedError(message);
      case 409:
        throw new ConflictError(message);
      default:
        // 404 too: no apps plugin (or one without /tenant-apps) is mounted.
        throw new ServiceUnavailableError(
          `The applications of tenant ${tenant} could not be set: the apps plugin answered ${response.status} (${message})`,
        );
    }
  }
}
