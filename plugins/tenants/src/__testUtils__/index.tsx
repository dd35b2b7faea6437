import { ResponseError } from '@backstage/errors';
import { createRenderWithApi } from '@controlplane/frontend-common/testUtils';
import {
  Invitation,
  Tenant,
  TenantUser,
} from '@controlplane/plugin-tenants-common';
import { TenantsApi, tenantsApiRef } from '../api';
import { ImpersonationsProvider } from '../components/Impersonation';

/**
 * Renders with the given fake tenants API and a permission mock: allow all,
 * deny all, or only the permissions named in `allow`.
 */
export const renderWithApis = createRenderWithApi(tenantsApiRef, element => (
  <ImpersonationsProvider>{element}</ImpersonationsProvider>
));

export const tenant = (name: string, extra: Partial<Tenant> = {}): Tenant => ({
  id: `id-${name}`,
  name,
  displayName: `${name} Corp`,
  domain: `${name}.example`,
  plan: 'starter',
  status: 'active',
  applications: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...extra,
});

export const user = (
  id: string,
  extra: Partial<TenantUser> = {},
): TenantUser => ({
  id,
  tenant: 'acme',
  email: `${id}@acme.example`,
  displayName: id,
  role: 'user',
  status: 'active',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...extra,
});

export const invitation = (
  email: string,
  extra: Partial<Invitation> = {},
): Invitation => ({
  id: `inv-${email}`,
  tenant: 'acme',
  email,
  role: 'user',
  status: 'pending',
  createdAt: '2026-01-01T00:00:00Z',
  expiresAt: '2999-01-01T00:00:00Z',
  ...extra,
});

/** A ResponseError as the client throws it for a backend error. */
export async function responseError(
  status: number,
  message: string,
  name = 'ConflictError',
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );
}

/**
 * A fake tenants API: every method is a jest mock over the given data, which
 * it changes as the backend would (an offboarded tenant, a changed or deleted
 * user, a revoked invitation), so a page that loads again shows the change.
 */
export function fakeTenantsApi(
  data: {
    tenants?: Tenant[];
    users?: TenantUser[];
    invitations?: Invitation[];
  } = {},
): jest.Mocked<TenantsApi> {
  const tenants = [...(data.tenants ?? [tenant('acme')])];
  const find = (name: string) => tenants.find(t => t.name === name)!;
  let users = [...(data.users ?? [])];
  let invitations = [...(data.invitations ?? [])];
  return {
    listTenants: jest.fn(async _query => ({ items: tenants })),
    getTenant: jest.fn(async name => find(name)),
    provisionTenant: jest.fn(async t => ({
      tenant: tenant(t.name, { domain: t.domain, plan: t.plan }),
      invitation: invitation(t.ownerEmail, { tenant: t.name, role: 'owner' }),
    })),
    changePlan: jest.fn(async (name, plan) => ({ ...find(name), plan })),
    suspendTenant: jest.fn(async (name, reason) => ({
      ...find(name),
      status: 'suspended' as const,
      statusReason: reason,
    })),
    reactivateTenant: jest.fn(async (name, _reason) => ({
      ...find(name),
      status: 'active' as const,
    })),
    offboardTenant: jest.fn(async (name, reason) => {
      const index = tenants.findIndex(t => t.name === name);
      tenants[index] = {
        ...tenants[index],
        status: 'offboarded',
        statusReason: reason,
      };
    }),
    listUsers: jest.fn(async (_tenant, query) => ({
      items: users.filter(
        u => !query?.search || u.email.includes(query.search),
      ),
    })),
    updateUser: jest.fn(async (_t, id, change) => {
      const changed = {
        ...(users.find(u => u.id === id) ?? user(id)),
        ...change,
      };
      users = users.map(u => (u.id === id ? changed : u));
      return changed;
    }),
    deleteUser: jest.fn(async (_tenant, id) => {
      users = users.filter(u => u.id !== id);
    }),
    listInvitations: jest.fn(async _tenant => invitations),
    invite: jest.fn(async (_t, i) => invitation(i.email, { role: i.role })),
    resendInvitation: jest.fn(async (_t, id) => invitation(id)),
    revokeInvitation: jest.fn(async (_tenant, id) => {
      invitations = invitations.map(i =>
        i.id === id ? { ...i, status: 'revoked' as const } : i,
      );
    }),
    acceptInvitation: jest.fn(async (_token, displayName) =>
      user('new', { displayName }),
    ),
    listSessions: jest.fn(async (_tenant, _userId) => []),
    revokeSession: jest.fn(async (_tenant, _userId, _id) => {}),
    revokeAllSessions: jest.fn(async (_tenant, _userId) => {}),
    getSso: jest.fn(async _tenant => undefined),
    updateSso: jest.fn(async (t, sso) => ({
      tenant: t,
      issuerUrl: sso.issuerUrl,
      clientId: sso.clientId,
      clientSecretSet: true,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    })),
    getPasswordPolicy: jest.fn(async _tenant => ({
      minLength: 12,
      requireLowercase: true,
      requireUppercase: true,
      requireDigit: true,
      requireSymbol: false,
      historyCount: 5,
      expiryDays: 0,
    })),
    updatePasswordPolicy: jest.fn(async (_t, p) => p),
    getOrganization: jest.fn(async _tenant => ({
      require2fa: false,
      sessionTimeoutMinutes: 480,
      allowedDomains: [],
      ipAllowList: [],
    })),
    updateOrganization: jest.fn(async (_t, s) => ({
      require2fa: false,
      sessionTimeoutMinutes: 480,
      allowedDomains: [],
      ipAllowList: [],
      ...s,
    })),
    startImpersonation: jest.fn(async r => ({
      id: 'imp-1',
      tenant: r.tenant,
      userId: r.userId,
      actor: 'user:default/ada',
      reason: r.reason,
      startedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + r.minutes * 60_000).toISOString(),
      active: true,
    })),
    listActiveImpersonations: jest.fn(async () => []),
    stopImpersonation: jest.fn(async _id => {}),
    listAuditRecords: jest.fn(async _tenant => []),
    getUserSummary: jest.fn(async name => {
      const own = users.filter(u => u.tenant === name);
      const pending = invitations.filter(
        i => i.tenant === name && i.status === 'pending',
      );
      const count = (role: TenantUser['role']) =>
        own.filter(u => u.role === role).length;
      return {
        tenant: name,
        users: {
          total: own.length,
          active: own.filter(u => u.status === 'active').length,
          disabled: own.filter(u => u.status === 'disabled').length,
          byRole: {
            owner: count('owner'),
            administrator: count('administrator'),
            user: count('user'),
          },
        },
        newestUsers: [...own]
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, 5),
        invitations: {
          pending: pending.length,
          newestPending: pending.slice(0, 5),
        },
      };
    }),
    getRiskSignals: jest.fn(async () => ({
      at_risk_tenants: [],
      entitlement_exceptions: [],
    })),
  };
}
