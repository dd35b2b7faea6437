import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { TenantsClient } from './TenantsClient';

const setup = (response: (url: string) => Response) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new TenantsClient(backend) };
};

describe('TenantsClient', () => {
  it('sends the list query as the backend names it', async () => {
    const { client, calls } = setup(() =>
      json({ items: [{ name: 'acme' }], nextCursor: 'c2' }),
    );
    await expect(
      client.listTenants({
        search: 'ac me',
        status: 'suspended',
        plan: 'enterprise',
        sort: 'createdAt',
        order: 'desc',
        cursor: 'c1',
        limit: 25,
      }),
    ).resolves.toEqual({ items: [{ name: 'acme' }], nextCursor: 'c2' });
    await client.listTenants({});
    await client.listUsers('acme', { search: 'sam' });
    expect(calls()).toEqual([
      [
        'GET',
        'http://backstage/api/tenants/tenants?q=ac+me&status=suspended&plan=enterprise&sort=createdAt&order=desc&cursor=c1&limit=25',
      ],
      ['GET', 'http://backstage/api/tenants/tenants'],
      ['GET', 'http://backstage/api/tenants/tenants/acme/users?q=sam'],
    ]);
  });

  it("reads the home page's summaries: own tenants, user summary, risk signals", async () => {
    const { client, calls } = setup(url =>
      url.includes('/platform-health/')
        ? json({
            top_lists: {
              at_risk_tenants: [{ tenant: 'globex', reasons: ['drift'] }],
              entitlement_exceptions: [],
              open_incidents: [],
            },
          })
        : json({ items: [] }),
    );
    await client.listTenants({ mine: true, limit: 4 });
    await client.getUserSummary('acme');
    await expect(client.getRiskSignals()).resolves.toEqual({
      at_risk_tenants: [{ tenant: 'globex', reasons: ['drift'] }],
      entitlement_exceptions: [],
    });
    expect(calls()).toEqual([
      ['GET', 'http://backstage/api/tenants/tenants?limit=4&mine=true'],
      ['GET', 'http://backstage/api/tenants/tenants/acme/user-summary'],
      ['GET', 'http://backstage/api/platform-health/overview'],
    ]);
  });

  it('uses the lifecycle endpoints with their reasons', async () => {
    const { client, fetch, calls } = setup(() => json({ name: 'acme' }));
    await client.changePlan('acme', 'starter');
    await client.suspendTenant('acme', 'unpaid');
    await client.reactivateTenant('acme', 'paid');
    await client.offboardTenant('acme', 'contract ended');
    expect(calls()).toEqual([
      ['PUT', 'http://backstage/api/tenants/tenants/acme/plan'],
      ['POST', 'http://backstage/api/tenants/tenants/acme/suspend'],
      ['POST', 'http://backstage/api/tenants/tenants/acme/reactivate'],
      ['POST', 'http://backstage/api/tenants/tenants/acme/offboard'],
    ]);
    expect(fetch.mock.calls.map(([, init]) => init?.body)).toEqual([
      JSON.stringify({ plan: 'starter' }),
      JSON.stringify({ reason: 'unpaid' }),
      JSON.stringify({ reason: 'paid' }),
      JSON.stringify({ reason: 'contract ended' }),
    ]);
  });

  it('returns the provisioned tenant with its invitation', async () => {
    const { client } = setup(() =>
      json(
        {
          tenant: { name: 'acme' },
          invitation: { id: 'i', acceptUrl: 'http://x/accept?token=t' },
        },
        201,
      ),
    );
    await expect(
      client.provisionTenant({
        name: 'acme',
        domain: 'acme.example',
        plan: 'free',
        ownerEmail: 'o@acme.example',
        applications: [],
      }),
    ).resolves.toEqual({
      tenant: { name: 'acme' },
      invitation: { id: 'i', acceptUrl: 'http://x/accept?token=t' },
    });
  });

  it('keeps only the SSO fields the UI may show, and no SSO on 404', async () => {
    let status = 200;
    const { client } = setup(() =>
      json(
        status === 404
          ? { error: { name: 'NotFoundError', message: 'no SSO' } }
          : {
              tenant: 'acme',
              issuerUrl: 'https://login.acme.example',
              clientId: 'portal',
              clientSecretSet: true,
              clientSecret: 'leaked',
            },
        status,
      ),
    );
    const sso = await client.getSso('acme');
    expect(sso).toMatchObject({ clientSecretSet: true });
    expect(JSON.stringify(sso)).not.toContain('leaked');
    status = 404;
    await expect(client.getSso('acme')).resolves.toBeUndefined();
  });

  it('unwraps organization settings and impersonations', async () => {
    const { client, fetch, calls } = setup(url =>
      url.endsWith('/organization')
        ? json({ tenant: 'acme', settings: { require2fa: true } })
        : json({ impersonation: { id: 'imp' }, sessionToken: 'tok' }, 201),
    );
    await expect(client.getOrganization('acme')).resolves.toEqual({
      require2fa: true,
    });
    await client.updateOrganization('acme', { require2fa: true });
    await expect(
      client.startImpersonation({
        tenant: 'acme',
        userId: 'u',
        reason: 'ticket',
        minutes: 15,
      }),
    ).resolves.toEqual({ id: 'imp' });
    expect(calls()[1]).toEqual([
      'PUT',
      'http://backstage/api/tenants/tenants/acme/organization',
    ]);
    expect(fetch.mock.calls[1][1]?.body).toBe(
      JSON.stringify({ settings: { require2fa: true } }),
    );
    expect(fetch.mock.calls[2][1]?.body).toBe(
      JSON.stringify({
        tenant: 'acme',
        userId: 'u',
        reason: 'ticket',
        durationMinutes: 15,
      }),
    );
  });

  it("reads the tenant's audit records from the audit plugin", async () => {
    const { client, calls } = setup(() => json({ records: [{ id: 'r1' }] }));
    await expect(client.listAuditRecords('acme')).resolves.toEqual([
      { id: 'r1' },
    ]);
    expect(calls()).toEqual([
      ['GET', 'http://backstage/api/audit/logs?tenant=acme&limit=50'],
    ]);
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          // The shape Backstage's error middleware sends.
          error: {
            name: 'ConflictError',
            message: 'sam@acme.example is the last active owner',
          },
          request: {
            method: 'PATCH',
            url: '/api/tenants/tenants/acme/users/u1',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(
      client.updateUser('acme', 'u1', { role: 'user' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({
        message: 'sam@acme.example is the last active owner',
      }),
    });
  });
});
