import { RbacPageAccessClient } from './pageAccessApi';
import { rbacAccess } from '../../testing/fakeBackend';

/**
 * The RBAC backend's answer for whoever holds `token`: the permissions they
 * hold, platform-wide unless listed under `onlySome`.
 */
function setup(
  heldBy: Record<string, string[]>,
  onlySome: Record<string, string[]> = {},
) {
  let token = 'sam-1';
  const fetch = jest.fn(async (url: string) =>
    rbacAccess(heldBy[token] ?? [], onlySome[token])['/api/rbac/access']({
      url,
    }),
  );
  const client = new RbacPageAccessClient({
    discoveryApi: { getBaseUrl: async id => `http://backend/api/${id}` },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    identityApi: { getCredentials: async () => ({ token }) },
  });
  return {
    client,
    fetch,
    signInAs: (next: string) => {
      token = next;
    },
  };
}

describe('RbacPageAccessClient', () => {
  afterEach(() => jest.restoreAllMocks());

  it('asks the RBAC plugin once for all permissions and reuses the answer briefly', async () => {
    const { client, fetch } = setup({ 'sam-1': ['tenants.tenant.read'] });
    const names = ['tenants.tenant.read', 'rbac.role.read'];
    await expect(client.reach(names)).resolves.toEqual({
      'tenants.tenant.read': 'everywhere',
      'rbac.role.read': 'none',
    });
    await client.reach([...names].reverse());
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/rbac/access?permission=tenants.tenant.read&permission=rbac.role.read',
    );
  });

  it('asks again for another user, and once the answer is a few seconds old (a grant may have changed)', async () => {
    const { client, fetch, signInAs } = setup({
      'sam-1': [],
      'ada-1': ['rbac.role.read'],
      'sam-2': ['rbac.role.read'],
    });
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    expect(await client.reach(['rbac.role.read'])).toEqual({
      'rbac.role.read': 'none',
    });
    signInAs('ada-1');
    expect(await client.reach(['rbac.role.read'])).toEqual({
      'rbac.role.read': 'everywhere',
    });
    signInAs('sam-1');
    now.mockReturnValue(1_006_000);
    await client.reach(['rbac.role.read']);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('shows every page when the RBAC plugin is not installed', async () => {
    const { client, fetch } = setup({});
    fetch.mockResolvedValueOnce(new Response('', { status: 404 }));
    expect(await client.reach(['rbac.role.read'])).toEqual({
      'rbac.role.read': 'everywhere',
    });
  });

  it('tells a permission held only for some resources (a tenant-scoped role) from one held everywhere', async () => {
    const { client } = setup(
      { 'sam-1': ['tenants.tenant.read', 'tenants.user.read'] },
      { 'sam-1': ['tenants.user.read'] },
    );
    expect(
      await client.reach([
        'tenants.tenant.read',
        'tenants.user.read',
        'rbac.role.read',
      ]),
    ).toEqual({
      'tenants.tenant.read': 'everywhere',
      'tenants.user.read': 'some',
      'rbac.role.read': 'none',
    });
  });
});
