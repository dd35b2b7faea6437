import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { AppsClient } from './AppsClient';

const setup = (response: (url: string) => Response) => {
  const backend = fakeBackend(response);
  return {
    ...backend,
    client: new AppsClient(backend),
    bodies: () => backend.fetch.mock.calls.map(([, init]) => init?.body),
  };
};

const issued = {
  credential: { id: 'k1', name: 'ci' },
  clientSecret: 's'.repeat(43),
  token: `cp_test_abcdefghijklmnop.${'s'.repeat(43)}`,
};

describe('AppsClient', () => {
  it('lists apps with the query as the backend names it', async () => {
    const { client, calls } = setup(() =>
      json({ items: [{ id: 'a1' }], nextCursor: 'c2' }),
    );
    await expect(
      client.listApps({
        search: 'bill ing',
        status: 'disabled',
        tenant: 'acme',
        cursor: 'c1',
        limit: '25',
      }),
    ).resolves.toEqual({ items: [{ id: 'a1' }], nextCursor: 'c2' });
    await client.listApps({});
    expect(calls()).toEqual([
      [
        'GET',
        'http://backstage/api/apps/apps?search=bill+ing&status=disabled&tenant=acme&cursor=c1&limit=25',
      ],
      ['GET', 'http://backstage/api/apps/apps'],
    ]);
  });

  it('registers an app with a POST of its fields', async () => {
    const { client, calls, bodies } = setup(() =>
      json({ id: 'a1', name: 'billing-sync' }, 201),
    );
    const app = {
      name: 'billing-sync',
      environment: 'staging' as const,
      owner: 'group:default/team-apps',
      tenants: ['acme'],
    };
    await expect(client.registerApp(app)).resolves.toEqual({
      id: 'a1',
      name: 'billing-sync',
    });
    expect(calls()).toEqual([['POST', 'http://backstage/api/apps/apps']]);
    expect(bodies()).toEqual([JSON.stringify(app)]);
  });

  it('reads and changes one app', async () => {
    const { client, calls, bodies } = setup(() => json({ id: 'a/1' }));
    await client.getApp('a/1');
    await client.updateApp('a/1', { title: 'Billing', tenants: ['acme'] });
    expect(calls()).toEqual([
      ['GET', 'http://backstage/api/apps/apps/a%2F1'],
      ['PATCH', 'http://backstage/api/apps/apps/a%2F1'],
    ]);
    expect(bodies()[1]).toBe(
      JSON.stringify({ title: 'Billing', tenants: ['acme'] }),
    );
  });

  it('disables with a reason and enables without a body', async () => {
    const { client, calls, bodies } = setup(() => json({ id: 'a1' }));
    await client.disableApp('a1', 'leaked credentials');
    await client.enableApp('a1');
    expect(calls()).toEqual([
      ['POST', 'http://backstage/api/apps/apps/a1/disable'],
      ['POST', 'http://backstage/api/apps/apps/a1/enable'],
    ]);
    expect(bodies()).toEqual([
      JSON.stringify({ reason: 'leaked credentials' }),
      undefined,
    ]);
  });

  it('replaces the rate limits with a PUT of the rules', async () => {
    const { client, calls, bodies } = setup(() => json({ id: 'a1' }));
    const rules = [
      { routePattern: '/api/audit/*', limitPerMinute: 100, burst: 150 },
    ];
    await client.setRateLimits('a1', rules);
    expect(calls()).toEqual([
      ['PUT', 'http://backstage/api/apps/apps/a1/rate-limits'],
    ]);
    expect(bodies()).toEqual([JSON.stringify({ rules })]);
  });

  it('lists credentials as records with their total', async () => {
    const { client, calls } = setup(() =>
      json({ records: [{ id: 'k1' }], total: 3, nextCursor: 'n' }),
    );
    await expect(
      client.listCredentials({ appId: 'a1', status: 'active', cursor: 'c' }),
    ).resolves.toEqual({ records: [{ id: 'k1' }], total: 3, nextCursor: 'n' });
    await client.listCredentials({});
    expect(calls()).toEqual([
      [
        'GET',
        'http://backstage/api/apps/api-keys?appId=a1&status=active&cursor=c',
      ],
      ['GET', 'http://backstage/api/apps/api-keys'],
    ]);
  });

  it('issues a credential and returns the secret once', async () => {
    const { client, calls, bodies } = setup(() => json(issued, 201));
    const credential = {
      name: 'ci',
      scopes: ['flags:read'],
      expiresAt: '2027-01-01T23:59:59.000Z',
    };
    await expect(client.issueCredential('a1', credential)).resolves.toEqual(
      issued,
    );
    expect(calls()).toEqual([
      ['POST', 'http://backstage/api/apps/apps/a1/api-keys'],
    ]);
    expect(bodies()).toEqual([JSON.stringify(credential)]);
  });

  it('rotates with the grace period in hours', async () => {
    const { client, calls, bodies } = setup(() => json(issued));
    await expect(client.rotateCredential('k1', 48)).resolves.toEqual(issued);
    expect(calls()).toEqual([
      ['POST', 'http://backstage/api/apps/api-keys/k1/rotate'],
    ]);
    expect(bodies()).toEqual([JSON.stringify({ gracePeriodHours: 48 })]);
  });

  it('revokes with a DELETE', async () => {
    const revoked = {
      message: 'API key revoked successfully',
      key_id: 'k1',
      revoked_at: '2026-11-23T10:00:00Z',
    };
    const { client, calls } = setup(() => json(revoked));
    await expect(client.revokeCredential('k1')).resolves.toEqual(revoked);
    expect(calls()).toEqual([
      ['DELETE', 'http://backstage/api/apps/api-keys/k1'],
    ]);
  });

  it('reads the usage of a credential for a period', async () => {
    const usage = {
      key_id: 'k1',
      period: '7d',
      usage: {
        total_requests: 10,
        successful_requests: 8,
        failed_requests: 1,
        rate_limited: 1,
      },
      by_endpoint: [{ endpoint: '/api/flags/flags', count: 10 }],
      by_day: [],
    };
    const { client, calls } = setup(() => json(usage));
    await expect(client.getUsage('k1', '7d')).resolves.toEqual(usage);
    expect(calls()).toEqual([
      ['GET', 'http://backstage/api/apps/api-keys/k1/usage?period=7d'],
    ]);
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'ConflictError',
            message: 'An app named billing-sync already exists',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(
      client.registerApp({
        name: 'billing-sync',
        environment: 'staging',
        owner: 'group:default/team-apps',
        tenants: [],
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({
        message: 'An app named billing-sync already exists',
      }),
    });
  });
});
