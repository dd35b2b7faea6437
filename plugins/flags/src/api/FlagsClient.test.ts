import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { FlagsClient } from './FlagsClient';

const setup = (response: (url: string) => Response = () => json({})) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new FlagsClient(backend) };
};

const base = 'http://backstage/api/flags';

describe('FlagsClient', () => {
  it('lists flags with the query as the backend names it', async () => {
    const { client, calls } = setup(() =>
      json({ items: [], nextCursor: 'c2' }),
    );
    await expect(
      client.listFlags({
        search: 'new flow',
        tag: 'checkout',
        lifecycle: ['active', 'archived'],
        limit: '10',
        cursor: 'c1',
      }),
    ).resolves.toEqual({ items: [], nextCursor: 'c2' });
    await client.listFlags();
    expect(calls()).toEqual([
      [
        'GET',
        `${base}/flags?search=new+flow&tag=checkout&lifecycle=active%2Carchived&limit=10&cursor=c1`,
      ],
      ['GET', `${base}/flags`],
    ]);
  });

  it('reads, creates and changes flags at their URLs', async () => {
    const { client, calls, bodies } = setup();
    await client.getFlag('checkout.new-flow');
    await client.createFlag({
      key: 'dark-mode',
      type: 'boolean',
      variants: [
        { name: 'on', value: true },
        { name: 'off', value: false },
      ],
      defaultVariant: 'off',
    });
    await client.updateFlag('dark-mode', {
      lifecycle: 'deprecated',
      revision: 3,
      reason: 'replaced',
    });
    expect(calls()).toEqual([
      ['GET', `${base}/flags/checkout.new-flow`],
      ['POST', `${base}/flags`],
      ['PATCH', `${base}/flags/dark-mode`],
    ]);
    expect(bodies()).toEqual([
      undefined,
      {
        key: 'dark-mode',
        type: 'boolean',
        variants: [
          { name: 'on', value: true },
          { name: 'off', value: false },
        ],
        defaultVariant: 'off',
      },
      { lifecycle: 'deprecated', revision: 3, reason: 'replaced' },
    ]);
  });

  it('sets and clears values by environment and target, and the kill switch', async () => {
    const { client, calls, bodies } = setup();
    await client.setValue('dark-mode', 'production', 'tenant:acme', {
      variant: 'on',
      rules: [{ rollout: [{ variant: 'on', weight: 100 }] }],
      reason: 'beta',
    });
    await client.clearValue('dark-mode', 'production', 'plan:free', 'done');
    await client.clearValue('dark-mode', 'development', 'default');
    await client.setKillSwitch('dark-mode', true, 'incident');
    expect(calls()).toEqual([
      ['PUT', `${base}/flags/dark-mode/values/production/tenant%3Aacme`],
      [
        'DELETE',
        `${base}/flags/dark-mode/values/production/plan%3Afree?reason=done`,
      ],
      ['DELETE', `${base}/flags/dark-mode/values/development/default`],
      ['PUT', `${base}/flags/dark-mode/kill-switch`],
    ]);
    expect(bodies()).toEqual([
      {
        variant: 'on',
        rules: [{ rollout: [{ variant: 'on', weight: 100 }] }],
        reason: 'beta',
      },
      undefined,
      undefined,
      { enabled: true, reason: 'incident' },
    ]);
  });

  it('lists, schedules and cancels scheduled changes', async () => {
    const { client, calls, bodies } = setup();
    await client.listSchedules('dark-mode');
    await client.scheduleChange('dark-mode', {
      runAt: '2026-12-24T18:00:00.000Z',
      change: { kind: 'kill-switch', enabled: true },
      reason: 'holidays',
    });
    await client.cancelSchedule('dark-mode', 's-1');
    expect(calls()).toEqual([
      ['GET', `${base}/flags/dark-mode/schedules`],
      ['POST', `${base}/flags/dark-mode/schedules`],
      ['DELETE', `${base}/flags/dark-mode/schedules/s-1`],
    ]);
    expect(bodies()[1]).toEqual({
      runAt: '2026-12-24T18:00:00.000Z',
      change: { kind: 'kill-switch', enabled: true },
      reason: 'holidays',
    });
  });

  it('reads metrics, history, tenant flags, the matrix and evaluates', async () => {
    const { client, calls, bodies } = setup();
    await client.getMetrics('dark-mode', 24);
    await client.getMetrics('dark-mode');
    await client.getHistory('dark-mode', { limit: '20', cursor: 'h2' });
    await client.getTenantFlags('acme', 'staging');
    await client.getMatrix({ environment: 'production', search: 'ac' });
    await client.evaluate({
      tenant: 'acme',
      environment: 'development',
      context: { targetingKey: 'u1', country: 'DE' },
    });
    expect(calls()).toEqual([
      ['GET', `${base}/flags/dark-mode/metrics?hours=24`],
      ['GET', `${base}/flags/dark-mode/metrics`],
      ['GET', `${base}/flags/dark-mode/history?limit=20&cursor=h2`],
      ['GET', `${base}/tenants/acme/flags?environment=staging`],
      ['GET', `${base}/matrix?environment=production&search=ac`],
      ['POST', `${base}/evaluate`],
    ]);
    expect(bodies()[5]).toEqual({
      tenant: 'acme',
      environment: 'development',
      context: { targetingKey: 'u1', country: 'DE' },
    });
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'InputError',
            message: 'A change touching production needs a reason',
          },
          response: { statusCode: 400 },
        },
        400,
      ),
    );
    await expect(
      client.setKillSwitch('dark-mode', true, ''),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: expect.objectContaining({
        message: 'A change touching production needs a reason',
      }),
    });
  });
});
