import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { AuditClient } from './AuditClient';

const setup = (response: (url: string) => Response) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new AuditClient(backend) };
};

describe('AuditClient', () => {
  it('lists records newest first with the set filters, paging and total', async () => {
    const { client, urls } = setup(() =>
      json({ records: [], nextCursor: 'c2', total: 0 }),
    );
    await expect(
      client.listRecords(
        {
          actor: 'user:default/ada',
          severity: 'high',
          from: '2026-01-01T00:00:00.000Z',
          tenant: '',
        },
        { limit: 50, includeTotal: true },
      ),
    ).resolves.toEqual({ records: [], nextCursor: 'c2', total: 0 });
    await client.listRecords({ action: 'rbac.role-grant' }, { cursor: 'c2' });
    expect(urls()).toEqual([
      'http://backstage/api/audit/logs?actor=user%3Adefault%2Fada&severity=high&from=2026-01-01T00%3A00%3A00.000Z&sort=desc&limit=50&includeTotal=true',
      'http://backstage/api/audit/logs?action=rbac.role-grant&sort=desc&cursor=c2',
    ]);
  });

  it('pages the checkpoints', async () => {
    const { client, urls } = setup(() =>
      json({ checkpoints: [], signingKey: { keyId: 'k', ephemeral: false } }),
    );
    await client.listCheckpoints({ limit: 1 });
    expect(urls()).toEqual(['http://backstage/api/audit/checkpoints?limit=1']);
  });

  it('encodes record ids and resource references', async () => {
    const { client, urls } = setup(() => json({ records: [] }));
    await client.getRecord('a/b');
    await client.getResourceTimeline('catalog-entity', 'user:default/ada', {
      limit: 10,
    });
    expect(urls()).toEqual([
      'http://backstage/api/audit/logs/a%2Fb',
      'http://backstage/api/audit/resources/catalog-entity/user%3Adefault%2Fada?limit=10',
    ]);
  });

  it('exports with the filters under the export parameter names and returns the file', async () => {
    const { client, urls } = setup(
      () =>
        new Response('id,seq\n1,1\n', {
          headers: {
            'Content-Type': 'text/csv',
            'Content-Disposition': 'attachment; filename="audit-2026.csv"',
          },
        }),
    );
    const file = await client.exportRecords(
      {
        actor: 'user:default/ada',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
      },
      { format: 'csv', includeDetails: false },
    );
    expect(urls()).toEqual([
      'http://backstage/api/audit/export?format=csv&actor=user%3Adefault%2Fada&start_date=2026-01-01T00%3A00%3A00.000Z&end_date=2026-02-01T00%3A00%3A00.000Z&include_details=false',
    ]);
    expect(file.filename).toBe('audit-2026.csv');
    expect(await file.blob.text()).toBe('id,seq\n1,1\n');
  });

  it('names an export without Content-Disposition after its format', async () => {
    const { client } = setup(() => new Response('[]'));
    const file = await client.exportRecords(
      {},
      { format: 'json', includeDetails: true },
    );
    expect(file.filename).toMatch(/^audit-export-[\dTZ-]+\.json$/);
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'You are not allowed audit.chain.verify',
          },
          request: { method: 'GET', url: '/api/audit/verify' },
          response: { statusCode: 403 },
        },
        403,
      ),
    );
    await expect(client.verifyChain()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      cause: expect.objectContaining({
        message: 'You are not allowed audit.chain.verify',
      }),
    });
  });
});
