import { TokenSet } from 'openid-client';
import { AuthResolverContext } from '@backstage/plugin-auth-node';
import {
  TenantLoginResult,
  tenantLoginIdentity,
  tenantLoginProfileTransform,
  tenantLoginSignInResolver,
} from './resolver';

const USER_ID = '0b6f3f0e-3f5a-4c61-9d8e-2f1f7f3f9a10';

/** The authenticator's result for a tenant user with these userinfo claims. */
function resultWith(claims: Record<string, unknown>): TenantLoginResult {
  const userinfo = {
    sub: USER_ID,
    email: 'tina@acme.example',
    email_verified: true,
    name: 'Tina Owner',
    tenant: 'acme',
    tenant_id: '7d9b2c1e-0000-4000-8000-000000000001',
    role: 'owner',
    ...claims,
  };
  return {
    fullProfile: {
      tokenset: new TokenSet({ access_token: 'access', token_type: 'Bearer' }),
      userinfo: userinfo as TenantLoginResult['fullProfile']['userinfo'],
    },
    session: { accessToken: 'access', tokenType: 'Bearer', scope: 'openid' },
  };
}

/** Records what the resolver asks the auth backend to issue. */
function resolverContext() {
  const issued: unknown[] = [];
  const ctx = {
    issueToken: async (params: unknown) => {
      issued.push(params);
      return { token: 'backstage-token' };
    },
    findCatalogUser: async () => {
      throw new Error('tenant login must not look up catalog users');
    },
    signInWithCatalogUser: async () => {
      throw new Error('tenant login must not look up catalog users');
    },
    resolveOwnershipEntityRefs: async () => {
      throw new Error('tenant login must not look up catalog users');
    },
  } as unknown as AuthResolverContext;
  return { ctx, issued };
}

const signIn = async (claims: Record<string, unknown>) => {
  const { ctx, issued } = resolverContext();
  const result = resultWith(claims);
  const signedIn = await tenantLoginSignInResolver(
    { result, profile: {} },
    ctx,
  );
  return { signedIn, issued };
};

describe('tenant login sign-in resolver', () => {
  it('signs an owner in as a member of org-owner in their tenant, without the catalog', async () => {
    const { signedIn, issued } = await signIn({ role: 'owner' });
    expect(signedIn).toEqual({ token: 'backstage-token' });
    expect(issued).toEqual([
      {
        claims: {
          sub: `user:tenant-acme/${USER_ID}`,
          ent: [`user:tenant-acme/${USER_ID}`, 'group:tenant-acme/org-owner'],
        },
      },
    ]);
  });

  it('signs an administrator in as a member of tenant-admin in their tenant', async () => {
    const { issued } = await signIn({
      role: 'administrator',
      tenant: 'globex-eu',
    });
    expect(issued).toEqual([
      {
        claims: {
          sub: `user:tenant-globex-eu/${USER_ID}`,
          ent: [
            `user:tenant-globex-eu/${USER_ID}`,
            'group:tenant-globex-eu/tenant-admin',
          ],
        },
      },
    ]);
  });

  it.each([['user'], ['admin'], ['platform-admin'], [''], [undefined], [7]])(
    'refuses the tenant role %j',
    async role => {
      const attempt = signIn({ role });
      await expect(attempt).rejects.toMatchObject({
        name: 'NotAllowedError',
        message:
          'Only owners and administrators of an organization sign into the portal',
      });
    },
  );

  it.each([[undefined], ['']])(
    'refuses a missing tenant claim (%j)',
    async tenant => {
      await expect(signIn({ tenant })).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining('no tenant claim'),
      });
    },
  );

  it.each([['Acme'], ['acme/evil'], ['-acme'], ['a'.repeat(64)]])(
    'refuses the invalid tenant name %j',
    async tenant => {
      await expect(signIn({ tenant })).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining('invalid organization'),
      });
    },
  );

  it.each([[undefined], ['a/b'], ['x'.repeat(64)]])(
    'refuses the invalid subject %j',
    async sub => {
      await expect(signIn({ sub })).rejects.toMatchObject({
        name: 'AuthenticationError',
        message: expect.stringContaining('sub claim'),
      });
    },
  );

  it('reads the claims of the userinfo', () => {
    expect(tenantLoginIdentity(resultWith({}))).toEqual({
      tenant: 'acme',
      userId: USER_ID,
      role: 'owner',
      portalRole: 'org-owner',
      email: 'tina@acme.example',
      name: 'Tina Owner',
    });
  });
});

describe('tenant login profile', () => {
  it('shows the name and e-mail address of the tenant user', async () => {
    await expect(tenantLoginProfileTransform(resultWith({}))).resolves.toEqual({
      profile: { displayName: 'Tina Owner', email: 'tina@acme.example' },
    });
  });

  it('falls back to the e-mail address without a name', async () => {
    await expect(
      tenantLoginProfileTransform(resultWith({ name: undefined })),
    ).resolves.toEqual({
      profile: { displayName: 'tina@acme.example', email: 'tina@acme.example' },
    });
  });
});
