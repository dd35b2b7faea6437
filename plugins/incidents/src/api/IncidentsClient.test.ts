import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { IncidentsClient } from './IncidentsClient';

const setup = (response: (url: string) => Response = () => json({})) => {
  const backend = fakeBackend(response);
  return {
    ...backend,
    client: new IncidentsClient(backend),
    bodies: () =>
      backend.fetch.mock.calls.map(([, init]) =>
        init?.body === undefined ? undefined : JSON.parse(String(init.body)),
      ),
  };
};

const base = 'http://backstage/api/incidents';
const id = '6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c001';
const overrideId = '6f1c1a52-93a4-4c43-9d0e-0a4cf2a0c002';

describe('IncidentsClient', () => {
  it('lists incidents with the queue filters as the backend names them', async () => {
    const { client, calls } = setup(() =>
      json({ items: [], nextCursor: 'c2' }),
    );
    await expect(
      client.listIncidents({
        status: ['open', 'in_progress'],
        severity: ['SEV1'],
        tenant: 'acme',
        category: 'reliability',
        assignee: 'me',
        entity: 'agent:default/support-triage',
        limit: '25',
        cursor: 'c1',
      }),
    ).resolves.toEqual({ items: [], nextCursor: 'c2' });
    await client.listIncidents();
    await client.summary();
    expect(calls()).toEqual([
      [
        'GET',
        `${base}/incidents?status=open%2Cin_progress&severity=SEV1&tenant=acme&category=reliability&assignee=me&entity=agent%3Adefault%2Fsupport-triage&limit=25&cursor=c1`,
      ],
      ['GET', `${base}/incidents`],
      ['GET', `${base}/incidents/summary`],
    ]);
  });

  it('reads, opens, changes, moves and comments on incidents at their URLs', async () => {
    const { client, calls, bodies } = setup();
    await client.getIncident(id);
    await client.createIncident({
      title: 'Checkout fails',
      severity: 'SEV2',
      priority: 'high',
      category: 'reliability',
      tenant: 'acme',
    });
    await client.updateIncident(id, { assignee: 'user:default/sam' });
    await client.transition(id, { action: 'resolve', note: 'rolled back' });
    await client.comment(id, 'looking');
    await client.timeline(id);
    await client.timeline(id, 6);
    expect(calls()).toEqual([
      ['GET', `${base}/incidents/${id}`],
      ['POST', `${base}/incidents`],
      ['PATCH', `${base}/incidents/${id}`],
      ['POST', `${base}/incidents/${id}/transition`],
      ['POST', `${base}/incidents/${id}/comments`],
      ['GET', `${base}/incidents/${id}/timeline`],
      ['GET', `${base}/incidents/${id}/timeline?hoursBefore=6`],
    ]);
    expect(bodies().slice(1, 5)).toEqual([
      {
        title: 'Checkout fails',
        severity: 'SEV2',
        priority: 'high',
        category: 'reliability',
        tenant: 'acme',
      },
      { assignee: 'user:default/sam' },
      { action: 'resolve', note: 'rolled back' },
      { body: 'looking' },
    ]);
  });

  it('lists, schedules and cancels maintenance, and asks and approves overrides', async () => {
    const { client, calls, bodies } = setup();
    await client.listMaintenance();
    await client.listMaintenance(true);
    await client.scheduleMaintenance({
      title: 'Database upgrade',
      environment: 'production',
      operations: ['deploy', 'migration'],
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: '2026-05-01T02:00:00.000Z',
    });
    await client.cancelMaintenance(id, 'moved');
    await client.requestOverride(id, 'deploy', 'hotfix');
    await client.approveOverride(id, overrideId);
    expect(calls()).toEqual([
      ['GET', `${base}/maintenance`],
      ['GET', `${base}/maintenance?all=true`],
      ['POST', `${base}/maintenance`],
      ['POST', `${base}/maintenance/${id}/cancel`],
      ['POST', `${base}/maintenance/${id}/overrides`],
      ['POST', `${base}/maintenance/${id}/overrides/${overrideId}/approve`],
    ]);
    expect(bodies().slice(3)).toEqual([
      { reason: 'moved' },
      { operation: 'deploy', reason: 'hotfix' },
      {},
    ]);
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'ConflictError',
            message: 'You cannot close an incident that is open',
          },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(
      client.transition(id, { action: 'close' }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({
        message: 'You cannot close an incident that is open',
      }),
    });
  });
});
