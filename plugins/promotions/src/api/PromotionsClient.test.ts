import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { PromotionsClient } from './PromotionsClient';

const setup = (response: (url: string) => Response = () => json({})) => {
  const backend = fakeBackend(response);
  return {
    ...backend,
    client: new PromotionsClient(backend),
    bodies: () =>
      backend.fetch.mock.calls.map(([, init]) =>
        init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      ),
  };
};

const base = 'http://backstage/api/promotions';
const id = '6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c001';

describe('PromotionsClient', () => {
  it('lists requests with the query as the backend names it', async () => {
    const { client, calls } = setup(() =>
      json({ items: [], nextCursor: 'c2' }),
    );
    await expect(
      client.listRequests({
        status: ['requested', 'approved'],
        target: 'agent:default/support-triage',
        mine: 'true',
        limit: '25',
        cursor: 'c1',
      }),
    ).resolves.toEqual({ items: [], nextCursor: 'c2' });
    await client.listRequests({ decidable: 'true' });
    await client.listRequests();
    expect(calls()).toEqual([
      [
        'GET',
        `${base}/requests?status=requested%2Capproved&target=agent%3Adefault%2Fsupport-triage&mine=true&limit=25&cursor=c1`,
      ],
      ['GET', `${base}/requests?decidable=true`],
      ['GET', `${base}/requests`],
    ]);
  });

  it('reads, creates and decides requests at their URLs', async () => {
    const { client, calls, bodies } = setup();
    await client.getRequest(id);
    await client.createRequest({
      target: 'agent:support-triage',
      tenant: 'acme',
      sourceEnvironment: 'staging',
      version: '1.4.2',
      changes: [{ field: 'model', before: 'a', after: 'b' }],
    });
    await client.addEvidence(id, { testsPassed: true, coverage: 81.5 });
    await client.approve(id, 'looks good');
    await client.approve(id);
    await client.reject(id, 'tests fail');
    await client.withdraw(id);
    await client.requestOverride(id, 'hotfix');
    await client.approveOverride(id, 'ok');
    expect(calls()).toEqual([
      ['GET', `${base}/requests/${id}`],
      ['POST', `${base}/requests`],
      ['POST', `${base}/requests/${id}/evidence`],
      ['POST', `${base}/requests/${id}/approve`],
      ['POST', `${base}/requests/${id}/approve`],
      ['POST', `${base}/requests/${id}/reject`],
      ['POST', `${base}/requests/${id}/withdraw`],
      ['POST', `${base}/requests/${id}/override`],
      ['POST', `${base}/requests/${id}/override/approve`],
    ]);
    expect(bodies()).toEqual([
      undefined,
      {
        target: 'agent:support-triage',
        tenant: 'acme',
        sourceEnvironment: 'staging',
        version: '1.4.2',
        changes: [{ field: 'model', before: 'a', after: 'b' }],
      },
      { testsPassed: true, coverage: 81.5 },
      { comment: 'looks good' },
      {},
      { reason: 'tests fail' },
      {},
      { reason: 'hotfix' },
      { comment: 'ok' },
    ]);
  });

  it('lists deployments and asks for a rollback', async () => {
    const { client, calls, bodies } = setup();
    await client.listDeployments({
      target: 'app:default/billing-sync',
      drift: ['drifted', 'silent'],
    });
    await client.rollback(id, 'broke checkout');
    expect(calls()).toEqual([
      [
        'GET',
        `${base}/deployments?target=app%3Adefault%2Fbilling-sync&drift=drifted%2Csilent`,
      ],
      ['POST', `${base}/deployments/${id}/rollback`],
    ]);
    expect(bodies()[1]).toEqual({ reason: 'broke checkout' });
  });

  it('reads and changes policies, rules and freezes', async () => {
    const { client, calls, bodies } = setup();
    const rule = {
      name: 'green to staging',
      sourceEnvironment: 'development' as const,
      targetEnvironment: 'staging' as const,
      conditions: { allTestsPassed: true },
      autoApprove: true,
    };
    await client.listPolicies();
    await client.updatePolicy('production', { approvalsRequired: 2 });
    await client.listRules();
    await client.createRule(rule);
    await client.updateRule(id, { ...rule, active: false });
    await client.listFreezes();
    await client.listFreezes(true);
    await client.createFreeze({
      environment: 'production',
      reason: 'release train',
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: '2026-05-02T00:00:00.000Z',
    });
    await client.liftFreeze(id, 'done early');
    expect(calls()).toEqual([
      ['GET', `${base}/policies`],
      ['PUT', `${base}/policies/production`],
      ['GET', `${base}/rules`],
      ['POST', `${base}/rules`],
      ['PUT', `${base}/rules/${id}`],
      ['GET', `${base}/freezes`],
      ['GET', `${base}/freezes?all=true`],
      ['POST', `${base}/freezes`],
      ['POST', `${base}/freezes/${id}/lift`],
    ]);
    expect(bodies()[1]).toEqual({ approvalsRequired: 2 });
    expect(bodies()[4]).toEqual({ ...rule, active: false });
    expect(bodies()[8]).toEqual({ reason: 'done early' });
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'ConflictError',
            message: 'An open request for this target exists',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(client.approve(id)).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({
        message: 'An open request for this target exists',
      }),
    });
  });
});
