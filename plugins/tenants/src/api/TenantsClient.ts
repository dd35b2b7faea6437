import { ResponseError } from '@backstage/errors';
import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import type { AuditApiPaths } from '@controlplane/plugin-audit-common';
import type { PlatformHealthApiPaths } from '@controlplane/plugin-platform-health-common';
import {
  Impersonation,
  Invitation,
  NewInvitation,
  NewTenant,
  OrganizationSettings,
  PasswordPolicy,
  ProvisionedTenant,
  Session,
  SsoConfig,
  SsoUpdate,
  Tenant,
  TenantPage,
  TenantPlan,
  TenantsApiPaths,
  TenantUser,
  TenantUserPage,
  TenantUserSummary,
  TenantUserUpdate,
} from '@controlplane/plugin-tenants-common';
import {
  ImpersonationRequest,
  TenantAuditRecord,
  TenantQuery,
  TenantRiskSignals,
  TenantsApi,
} from './TenantsApi';

/**
 * Talks to the tenants backend (and, for the tenant's audit timeline, the
 * audit backend) through the app's fetch and discovery APIs, typed from
 * their contracts.
 */
export class TenantsClient implements TenantsApi {
  private readonly tenants: OpenApiClient<TenantsApiPaths>;
  private readonly audit: OpenApiClient<AuditApiPaths>;
  private readonly platformHealth: OpenApiClient<PlatformHealthApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.tenants = new OpenApiClient({ ...options, pluginId: 'tenants' });
    this.audit = new OpenApiClient({ ...options, pluginId: 'audit' });
    this.platformHealth = new OpenApiClient({
      ...options,
      pluginId: 'platform-health',
    });
  }

  listTenants(query: TenantQuery): Promise<TenantPage> {
    return this.tenants.call('get', '/tenants', {
      query: {
        q: query.search,
        status: query.status,
        plan: query.plan,
        sort: query.sort,
        order: query.sort ? query.order : undefined,
        cursor: query.cursor,
        limit: query.limit === undefined ? undefined : String(query.limit),
        mine: query.mine ? 'true' : undefined,
      },
    });
  }

  getTenant(name: string): Promise<Tenant> {
    return this.tenants.call('get', '/tenants/{tenant}', {
      path: { tenant: name },
    });
  }

  provisionTenant(tenant: NewTenant): Promise<ProvisionedTenant> {
    return this.tenants.call('post', '/tenants', { body: tenant });
  }

  changePlan(name: string, plan: TenantPlan): Promise<Tenant> {
    return this.tenants.call('put', '/tenants/{tenant}/plan', {
      path: { tenant: name },
      body: { plan },
    });
  }

  suspendTenant(name: string, reason: string): Promise<Tenant> {
    return this.tenants.call('post', '/tenants/{tenant}/suspend', {
      path: { tenant: name },
      body: { reason },
    });
  }

  reactivateTenant(name: string, reason: string): Promise<Tenant> {
    return this.tenants.call('post', '/tenants/{tenant}/reactivate', {
      path: { tenant: name },
      body: { reason },
    });
  }

  async offboardTenant(name: string, reason: string): Promise<void> {
    await this.tenants.call('post', '/tenants/{tenant}/offboard', {
      path: { tenant: name },
      body: { reason },
    });
  }

  listUsers(
    tenant: string,
    query: Pick<TenantQuery, 'search' | 'cursor'> = {},
  ): Promise<TenantUserPage> {
    return this.tenants.call('get', '/tenants/{tenant}/users', {
      path: { tenant },
      query: { q: query.search, cursor: query.cursor },
    });
  }

  getUserSummary(tenant: string): Promise<TenantUserSummary> {
    return this.tenants.call('get', '/tenants/{tenant}/user-summary', {
      path: { tenant },
    });
  }

  async getRiskSignals(): Promise<TenantRiskSignals> {
    const overview = await this.platformHealth.call('get', '/overview', {});
    return {
      at_risk_tenants: overview.top_lists.at_risk_tenants,
      entitlement_exceptions: overview.top_lists.entitlement_exceptions,
    };
  }

  updateUser(
    tenant: string,
    userId: string,
    change: TenantUserUpdate,
  ): Promise<TenantUser> {
    return this.tenants.call('patch', '/tenants/{tenant}/users/{userId}', {
      path: { tenant, userId },
      body: change,
    });
  }

  async deleteUser(tenant: string, userId: string): Promise<void> {
    await this.tenants.call('delete', '/tenants/{tenant}/users/{userId}', {
      path: { tenant, userId },
    });
  }

  async listInvitations(tenant: string): Promise<Invitation[]> {
    const page = await this.tenants.call(
      'get',
      '/tenants/{tenant}/invitations',
      { path: { tenant } },
    );
    return page.items;
  }

  invite(tenant: string, invitation: NewInvitation): Promise<Invitation> {
    return this.tenants.call('post', '/tenants/{tenant}/invitations', {
      path: { tenant },
      body: invitation,
    });
  }

  resendInvitation(tenant: string, id: string): Promise<Invitation> {
    return this.tenants.call(
      'post',
      '/tenants/{tenant}/invitations/{invitationId}/resend',
      { path: { tenant, invitationId: id } },
    );
  }

  acceptInvitation(token: string, displayName?: string): Promise<TenantUser> {
    return this.tenants.call('post', '/invitations/accept', {
      body: { token, ...(displayName ? { displayName } : {}) },
    });
  }

  async revokeInvitation(tenant: string, id: string): Promise<void> {
    await this.tenants.call(
      'delete',
      '/tenants/{tenant}/invitations/{invitationId}',
      { path: { tenant, invitationId: id } },
    );
  }

  async listSessions(tenant: string, userId: string): Promise<Session[]> {
    const page = await this.tenants.call(
      'get',
      '/tenants/{tenant}/users/{userId}/sessions',
      { path: { tenant, userId } },
    );
    return page.items;
  }

  async revokeSession(
    tenant: string,
    userId: string,
    sessionId: string,
  ): Promise<void> {
    await this.tenants.call(
      'delete',
      '/tenants/{tenant}/users/{userId}/sessions/{sessionId}',
      { path: { tenant, userId, sessionId } },
    );
  }

  async revokeAllSessions(tenant: string, userId: string): Promise<void> {
    await this.tenants.call(
      'delete',
      '/tenants/{tenant}/users/{userId}/sessions',
      { path: { tenant, userId } },
    );
  }

  async getSso(tenant: string): Promise<SsoConfig | undefined> {
    try {
      return pickSso(
        await this.tenants.call('get', '/tenants/{tenant}/sso', {
          path: { tenant },
        }),
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
      await this.tenants.call('put', '/tenants/{tenant}/sso', {
        path: { tenant },
        body: sso,
      }),
    );
  }

  getPasswordPolicy(tenant: string): Promise<PasswordPolicy> {
    return this.tenants.call('get', '/tenants/{tenant}/password-policy', {
      path: { tenant },
    });
  }

  updatePasswordPolicy(
    tenant: string,
    policy: PasswordPolicy,
  ): Promise<PasswordPolicy> {
    return this.tenants.call('put', '/tenants/{tenant}/password-policy', {
      path: { tenant },
      body: policy,
    });
  }

  async getOrganization(tenant: string): Promise<OrganizationSettings> {
    const organization = await this.tenants.call(
      'get',
      '/tenants/{tenant}/organization',
      { path: { tenant } },
    );
    return organization.settings;
  }

  async updateOrganization(
    tenant: string,
    settings: Partial<OrganizationSettings>,
  ): Promise<OrganizationSettings> {
    const organization = await this.tenants.call(
      'put',
      '/tenants/{tenant}/organization',
      { path: { tenant }, body: { settings } },
    );
    return organization.settings;
  }

  async startImpersonation(
    request: ImpersonationRequest,
  ): Promise<Impersonation> {
    const started = await this.tenants.call('post', '/impersonations', {
      body: {
        tenant: request.tenant,
        userId: request.userId,
        reason: request.reason,
        durationMinutes: request.minutes,
      },
    });
    // The impersonation's session token is for a support tool, not this page.
    return started.impersonation;
  }

  async listActiveImpersonations(): Promise<Impersonation[]> {
    const page = await this.tenants.call('get', '/impersonations');
    return page.items;
  }

  async stopImpersonation(id: string): Promise<void> {
    await this.tenants.call('delete', '/impersonations/{impersonationId}', {
      path: { impersonationId: id },
    });
  }

  async listAuditRecords(tenant: string): Promise<TenantAuditRecord[]> {
    const page = await this.audit.call('get', '/logs', {
      query: { tenant, limit: 50 },
    });
    return page.records;
  }
}

/** Only the fields the UI may show: whatever else comes back, no secret does. */
function pickSso(body: SsoConfig): SsoConfig {
  return {
    tenant: body.tenant,
    issuerUrl: body.issuerUrl,
    clientId: body.clientId,
    clientSecretSet: Boolean(body.clientSecretSet),
    createdAt: body.createdAt,
    updatedAt: body.updatedAt,
  };
}
