import { ResponseError } from '@backstage/errors';
import {
  PluginApiClient,
  PluginApiClientOptions,
  queryString,
} from '@controlplane/frontend-common';
import {
  Impersonation,
  Invitation,
  OrganizationSettings,
  Page,
  PasswordPolicy,
  Session,
  SsoConfig,
  Tenant,
  TenantPlan,
  TenantUser,
  TenantUserRole,
  TenantUserStatus,
} from '@controlplane/plugin-tenants-common';
import {
  NewImpersonation,
  NewTenant,
  ProvisionResult,
  SsoUpdate,
  TenantAuditRecord,
  TenantQuery,
  TenantsApi,
} from './TenantsApi';

const enc = encodeURIComponent;

/** A list either bare or wrapped in `{ items }`. */
function items<T>(body: T[] | { items: T[] }): T[] {
  return Array.isArray(body) ? body : body.items ?? [];
}

/** Talks to the tenants backend through the app's fetch and discovery APIs. */
export class TenantsClient implements TenantsApi {
  private readonly backend: PluginApiClient;
  private readonly audit: PluginApiClient;

  constructor(options: PluginApiClientOptions) {
    this.backend = new PluginApiClient({ ...options, pluginId: 'tenants' });
    this.audit = new PluginApiClient({ ...options, pluginId: 'audit' });
  }

  async listTenants(query: TenantQuery): Promise<Page<Tenant>> {
    const body = await this.backend.request<Page<Tenant>>(
      'GET',
      `/tenants${queryString({
        q: query.search,
        status: query.status,
        plan: query.plan,
        sort: query.sort,
        order: query.sort ? query.order : undefined,
        cursor: query.cursor,
        limit: query.limit,
      })}`,
    );
    return { items: body.items ?? [], nextCursor: body.nextCursor };
  }

  getTenant(name: string): Promise<Tenant> {
    return this.backend.request('GET', `/tenants/${enc(name)}`);
  }

  async provisionTenant(tenant: NewTenant): Promise<ProvisionResult> {
    const body = await this.backend.request<
      (Tenant & { invitation?: Invitation }) | ProvisionResult
    >('POST', '/tenants', tenant);
    if ('tenant' in body && body.tenant) {
      return body as ProvisionResult;
    }
    const { invitation, ...rest } = body as Tenant & {
      invitation?: Invitation;
    };
    return { tenant: rest, invitation };
  }

  changePlan(name: string, plan: TenantPlan): Promise<Tenant> {
    return this.backend.request('PUT', `/tenants/${enc(name)}/plan`, { plan });
  }

  suspendTenant(name: string, reason: string): Promise<Tenant> {
    return this.backend.request('POST', `/tenants/${enc(name)}/suspend`, {
      reason,
    });
  }

  reactivateTenant(name: string, reason: string): Promise<Tenant> {
    return this.backend.request('POST', `/tenants/${enc(name)}/reactivate`, {
      reason,
    });
  }

  async offboardTenant(name: string, reason: string): Promise<void> {
    await this.backend.request('POST', `/tenants/${enc(name)}/offboard`, {
      reason,
    });
  }

  async listUsers(
    tenant: string,
    query: { search?: string; cursor?: string } = {},
  ): Promise<Page<TenantUser>> {
    const body = await this.backend.request<Page<TenantUser>>(
      'GET',
      `/tenants/${enc(tenant)}/users${queryString({
        q: query.search,
        cursor: query.cursor,
      })}`,
    );
    return { items: body.items ?? [], nextCursor: body.nextCursor };
  }

  updateUser(
    tenant: string,
    userId: string,
    change: { role?: TenantUserRole; status?: TenantUserStatus },
  ): Promise<TenantUser> {
    return this.backend.request(
      'PATCH',
      `/tenants/${enc(tenant)}/users/${enc(userId)}`,
      change,
    );
  }

  async deleteUser(tenant: string, userId: string): Promise<void> {
    await this.backend.request(
      'DELETE',
      `/tenants/${enc(tenant)}/users/${enc(userId)}`,
    );
  }

  async listInvitations(tenant: string): Promise<Invitation[]> {
    return items(
      await this.backend.request<Invitation[] | { items: Invitation[] }>(
        'GET',
        `/tenants/${enc(tenant)}/invitations`,
      ),
    );
  }

  invite(
    tenant: string,
    invitation: { email: string; role: TenantUserRole },
  ): Promise<Invitation> {
    return this.backend.request(
      'POST',
      `/tenants/${enc(tenant)}/invitations`,
      invitation,
    );
  }

  resendInvitation(tenant: string, id: string): Promise<Invitation> {
    return this.backend.request(
      'POST',
      `/tenants/${enc(tenant)}/invitations/${enc(id)}/resend`,
      {},
    );
  }

  acceptInvitation(token: string, displayName?: string): Promise<TenantUser> {
    return this.backend.request('POST', '/invitations/accept', {
      token,
      ...(displayName ? { displayName } : {}),
    });
  }

  async revokeInvitation(tenant: string, id: string): Promise<void> {
    await this.backend.request(
      'DELETE',
      `/tenants/${enc(tenant)}/invitations/${enc(id)}`,
    );
  }

  async listSessions(tenant: string, userId: string): Promise<Session[]> {
    return items(
      await this.backend.request<Session[] | { items: Session[] }>(
        'GET',
        `/tenants/${enc(tenant)}/users/${enc(userId)}/sessions`,
      ),
    );
  }

  async revokeSession(
    tenant: string,
    userId: string,
    sessionId: string,
  ): Promise<void> {
    await this.backend.request(
      'DELETE',
      `/tenants/${enc(tenant)}/users/${enc(userId)}/sessions/${enc(sessionId)}`,
    );
  }

  async revokeAllSessions(tenant: string, userId: string): Promise<void> {
    await this.backend.request(
      'DELETE',
      `/tenants/${enc(tenant)}/users/${enc(userId)}/sessions`,
    );
  }

  async getSso(tenant: string): Promise<SsoConfig | undefined> {
    try {
      return pickSso(
        await this.backend.request('GET', `/tenants/${enc(tenant)}/sso`),
      );
    } catch (error) {
      // No SSO configured yet.
      if (ResponseError.is(error) && error.statusCode === 404) {
        return undefined;
      }
      throw error;
    }
  }

  async updateSso(tenant: string, sso: SsoUpdate): Promise<SsoConfig> {
    return pickSso(
      await this.backend.request('PUT', `/tenants/${enc(tenant)}/sso`, sso),
    );
  }

  getPasswordPolicy(tenant: string): Promise<PasswordPolicy> {
    return this.backend.request(
      'GET',
      `/tenants/${enc(tenant)}/password-policy`,
    );
  }

  updatePasswordPolicy(
    tenant: string,
    policy: PasswordPolicy,
  ): Promise<PasswordPolicy> {
    return this.backend.request(
      'PUT',
      `/tenants/${enc(tenant)}/password-policy`,
      policy,
    );
  }

  async getOrganization(tenant: string): Promise<OrganizationSettings> {
    const body = await this.backend.request<{ settings: OrganizationSettings }>(
      'GET',
      `/tenants/${enc(tenant)}/organization`,
    );
    return body.settings;
  }

  async updateOrganization(
    tenant: string,
    settings: Partial<OrganizationSettings>,
  ): Promise<OrganizationSettings> {
    const body = await this.backend.request<{ settings: OrganizationSettings }>(
      'PUT',
      `/tenants/${enc(tenant)}/organization`,
      { settings },
    );
    return body.settings;
  }

  async startImpersonation(request: NewImpersonation): Promise<Impersonation> {
    const body = await this.backend.request<{ impersonation: Impersonation }>(
      'POST',
      '/impersonations',
      {
        tenant: request.tenant,
        userId: request.userId,
        reason: request.reason,
        durationMinutes: request.minutes,
      },
    );
    // The impersonation's session token is for a support tool, not this page.
    return body.impersonation;
  }

  async listActiveImpersonations(): Promise<Impersonation[]> {
    return items(
      await this.backend.request<Impersonation[] | { items: Impersonation[] }>(
        'GET',
        '/impersonations',
      ),
    );
  }

  async stopImpersonation(id: string): Promise<void> {
    await this.backend.request('DELETE', `/impersonations/${enc(id)}`);
  }

  async listAuditRecords(tenant: string): Promise<TenantAuditRecord[]> {
    const response = await this.audit.fetch(
      `/logs${queryString({ tenant, limit: 50 })}`,
    );
    const body = (await response.json()) as { records?: TenantAuditRecord[] };
    return body.records ?? [];
  }
}

/** Only the fields the UI may show: whatever else comes back, no secret does. */
function pickSso(body: Partial<SsoConfig>): SsoConfig {
  return {
    tenant: body.tenant ?? '',
    issuerUrl: body.issuerUrl ?? '',
    clientId: body.clientId ?? '',
    clientSecretSet: Boolean(body.clientSecretSet),
    createdAt: body.createdAt ?? '',
    updatedAt: body.updatedAt ?? '',
  };
}
