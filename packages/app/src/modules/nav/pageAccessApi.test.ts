import { RbacPageAccessClient } from './pageAccessApi';

/** The RBAC backend's answer for whoever holds `token`. */
function setup(heldBy: Record<string, string[]>) {
  let token = 'sam-1';
  const fetch = jest.fn(async (url: string) => {
    const asked = new URL(url).searchParams.getAll('permission');
    const held = heldBy[token] ?? [];
    return new Response(
      JSON.stringify({
        holds: Object.fromEntries(asked.map(n => [n, held.includes(n)])),
      }),
      { status: 200, headers: { 'Content-Type': 'application/json' } },
    );
  });
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
    await expect(client.holds(names)).resolves.toEqual({
      'tenants.tenant.read': true,
      'rbac.role.read': false,
    });
    await client.holds([...names].reverse());
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
    expect(await client.holds(['rbac.role.read'])).toEqual({
      'rbac.role.read': false,
    });
    signInAs('ada-1');
    expect(await client.holds(['rbac.role.read'])).toEqual({
      'rbac.role.read': true,
    });
    signInAs('sam-1');
    now.mockReturnValue(1_006_000);
    await client.holds(['rbac.role.read']);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('shows every page when the RBAC plugin is not installed', async () => {
    const { client, fetch } = setup({});
    fetch.mockResolvedValueOnce(new Response('', { status: 404 }));
    expect(await client.holds(['rbac.role.read'])).toEqual({
      'rbac.role.read': true,
    });
  });
});
