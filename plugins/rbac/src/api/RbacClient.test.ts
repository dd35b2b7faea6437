import {
  fakeBackend,
  jsonResponse as json,
} from '@controlplane/frontend-common/testUtils';
import { RbacClient } from './RbacClient';

const setup = (response: (url: string) => Response) => {
  const backend = fakeBackend(response);
  return { ...backend, client: new RbacClient(backend) };
};

describe('RbacClient', () => {
  it('URL-encodes role names, grant patterns and member refs', async () => {
    const { client, fetch } = setup(() => json({ name: 'operator' }));
    await client.grant('operator', 'billing.*');
    await client.addMember('operator', 'group:default/operators');
    await client.explain('user:default/ada', 'tenants.tenant.suspend');
    expect(fetch.mock.calls.map(([url, init]) => [init?.method, url])).toEqual([
      ['PUT', 'http://backstage/api/rbac/roles/operator/grants/billing.*'],
      [
        'PUT',
        'http://backstage/api/rbac/roles/operator/members/group%3Adefault%2Foperators',
      ],
      [
        'GET',
        'http://backstage/api/rbac/explain?user=user%3Adefault%2Fada&permission=tenants.tenant.suspend',
      ],
    ]);
  });

  it('unwraps lists and sends JSON bodies', async () => {
    const { client, fetch } = setup(() => json({ items: [{ name: 'a' }] }));
    await expect(client.listRoles()).resolves.toEqual([{ name: 'a' }]);
    await client.createRole({ name: 'b', description: 'B' });
    expect(fetch.mock.calls[1][1]).toMatchObject({
      method: 'POST',
      body: JSON.stringify({ name: 'b', description: 'B' }),
    });
  });

  it("throws a ResponseError carrying the backend's message", async () => {
    const { client } = setup(() =>
      json(
        {
          // The shape Backstage's error middleware sends.
          error: {
            name: 'ConflictError',
            message: 'the platform-admin role cannot be deleted',
          },
          request: { method: 'DELETE', url: '/api/rbac/roles/platform-admin' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );
    await expect(client.deleteRole('platform-admin')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({
        name: 'ConflictError',
        message: 'the platform-admin role cannot be deleted',
      }),
    });
  });
});
