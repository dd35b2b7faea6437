import { createPublicKey, verify } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  createPortalTestDatabases,
  perPluginDatabases,
  eventually,
} from '@controlplane/test-utils';
import request from 'supertest';
import authModuleDemoProvider from './index';
import { DEMO_USER_HEADER } from './authenticator';

// Integration test: the real auth and catalog backends with this module, the
// demo users of examples/org.yaml, on each supported database.

jest.setTimeout(90_000);

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

const orgYaml = path.resolve(__dirname, '../../../examples/org.yaml');

const DEMO_USERS = [
  { name: 'ada', displayName: 'Ada Admin', role: 'platform-admin' },
  { name: 'april', displayName: 'April Approver', role: 'approver' },
  { name: 'audrey', displayName: 'Audrey Auditor', role: 'auditor' },
  { name: 'devon', displayName: 'Devon Developer', role: 'developer' },
  { name: 'oscar', displayName: 'Oscar Operator', role: 'operator' },
  { name: 'sam', displayName: 'Sam Support', role: 'support-agent' },
  { name: 'tina', displayName: 'Tina Tenant-Owner', role: 'tenant-owner' },
];

// A catalog user that is not a demo user: no demo-role annotation.
const EXTRA_USERS_FILE = 'extra-users.yaml';
const extraUsers = `
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: nora
spec:
  profile:
    displayName: Nora Nobody-Special
  memberOf: []
`;

const decodeJwtPart = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function decodeJwtPayload(token: string): Record<string, unknown> {
  return decodeJwtPart(token.split('.')[1]);
}

/** Verifies an ES256 token against the auth backend's published JWKS. */
async function isSignedByAuthBackend(
  backend: TestBackend,
  token: string,
): Promise<boolean> {
  const [header, payload, signature] = token.split('.');
  const { alg, kid } = decodeJwtPart(header);
  expect(alg).toBe('ES256');
  const jwks = await request(backend.server).get(
    '/api/auth/.well-known/jwks.json',
  );
  expect(jwks.status).toBe(200);
  const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === kid);
  expect(jwk).toBeDefined();
  return verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    {
      key: createPublicKey({ key: jwk, format: 'jwk' }),
      dsaEncoding: 'ieee-p1363',
    },
    Buffer.from(signature, 'base64url'),
  );
}

describe('authModuleDemoProvider', () => {
  const databases = createPortalTestDatabases();
  const mockDir = createMockDirectory({
    content: { [EXTRA_USERS_FILE]: extraUsers },
  });

  async function startBackend(
    databaseId: TestDatabaseId,
    /** `auth.providers.demo`; null leaves the provider unconfigured. */
    demoProviderConfig: Record<string, boolean> | null = {},
  ): Promise<TestBackend> {
    const [catalogKnex, authKnex] = await Promise.all([
      databases.init(databaseId),
      databases.init(databaseId),
    ]);
    return startTestBackend({
      features: [
        authPlugin,
        catalogPlugin,
        authModuleDemoProvider,
        perPluginDatabases({ catalog: catalogKnex, auth: authKnex }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth: {
              providers: demoProviderConfig ? { demo: demoProviderConfig } : {},
            },
            catalog: {
              locations: [
                {
                  type: 'file',
                  target: orgYaml,
                  rules: [{ allow: ['User', 'Group'] }],
                },
                {
                  type: 'file',
                  target: mockDir.resolve(EXTRA_USERS_FILE),
                  rules: [{ allow: ['User'] }],
                },
              ],
            },
          },
        }),
      ],
    });
  }

  /** Waits until the catalog has processed all users, memberships included. */
  async function waitForCatalogUsers(backend: TestBackend) {
    await eventually(async () => {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query')
        .query({ filter: 'kind=user', limit: 100 })
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      expect(
        res.body.items
          .map((u: { metadata: { name: string } }) => u.metadata.name)
          .sort(),
      ).toEqual([...DEMO_USERS.map(u => u.name), 'nora'].sort());
    });
  }

  const signIn = (backend: TestBackend, userName?: string) => {
    const req = request(backend.server).get('/api/auth/demo/refresh');
    return userName === undefined ? req : req.set(DEMO_USER_HEADER, userName);
  };

  const listDemoUsers = (backend: TestBackend) =>
    request(backend.server)
      .get('/api/auth/demo-users')
      // No Backstage token: the sign-in page calls this before sign-in.
      .set('Authorization', mockCredentials.none.header());

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    describe('in development', () => {
      let backend: TestBackend;

      beforeAll(async () => {
        backend = await startBackend(databaseId);
        await waitForCatalogUsers(backend);
      });

      afterAll(async () => {
        await backend?.stop();
      });

      it('lists the demo users without credentials, sorted by name', async () => {
        const res = await listDemoUsers(backend);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ items: DEMO_USERS });
      });

      it('signs in a demo user with the identity and ownership of the catalog', async () => {
        const res = await signIn(backend, 'ada');
        expect(res.status).toBe(200);
        expect(res.body.profile).toEqual({
          displayName: 'Ada Admin',
          email: 'ada@controlplane.example',
        });
        const { backstageIdentity } = res.body;
        expect(backstageIdentity.identity).toEqual({
          type: 'user',
          userEntityRef: 'user:default/ada',
          ownershipEntityRefs: expect.arrayContaining([
            'user:default/ada',
            'group:default/platform-admins',
          ]),
        });
        expect(backstageIdentity.identity.ownershipEntityRefs).toHaveLength(2);
        expect(backstageIdentity.expiresInSeconds).toBeGreaterThan(0);
        expect(decodeJwtPayload(backstageIdentity.token)).toMatchObject({
          sub: 'user:default/ada',
        });
      });

      it('signs in each demo user as itself', async () => {
        const res = await signIn(backend, 'tina');
        expect(res.status).toBe(200);
        expect(res.body.profile).toEqual({
          displayName: 'Tina Tenant-Owner',
          email: 'tina@acme.example',
        });
        expect(res.body.backstageIdentity.identity).toMatchObject({
          userEntityRef: 'user:default/tina',
          ownershipEntityRefs: expect.arrayContaining([
            'group:default/acme-owners',
          ]),
        });
        expect(
          res.body.backstageIdentity.identity.ownershipEntityRefs,
        ).not.toContain('group:default/platform-admins');
      });

      it('issues a token signed with a key the auth backend publishes', async () => {
        const res = await signIn(backend, 'oscar');
        expect(res.status).toBe(200);
        const { token } = res.body.backstageIdentity;
        expect(decodeJwtPayload(token)).toMatchObject({
          sub: 'user:default/oscar',
          aud: 'backstage',
          iss: `http://localhost:${backend.server.port()}/api/auth`,
        });
        await expect(isSignedByAuthBackend(backend, token)).resolves.toBe(true);
        // A tampered token must not verify.
        const [header, , signature] = token.split('.');
        const forged = Buffer.from(
          JSON.stringify({
            ...decodeJwtPayload(token),
            sub: 'user:default/ada',
          }),
        ).toString('base64url');
        await expect(
          isSignedByAuthBackend(backend, `${header}.${forged}.${signature}`),
        ).resolves.toBe(false);
      });

      it('requires the demo user header', async () => {
        const res = await signIn(backend);
        // Not signed in yet: 401, not 403.
        expect(res.status).toBe(401);
        expect(res.body.error.message).toContain(DEMO_USER_HEADER);
        expect(res.body.backstageIdentity).toBeUndefined();
      });

      it.each([['bad name!'], ['../ada'], ['a'.repeat(64)]])(
        'rejects the invalid user name %j',
        async userName => {
          const res = await signIn(backend, userName);
          expect(res.status).toBe(400);
          expect(res.body.error).toMatchObject({ name: 'InputError' });
          expect(res.body.error.message).toContain('is not a valid user name');
          expect(res.body.backstageIdentity).toBeUndefined();
        },
      );

      // Over a real network interface: the socket's peer is not loopback.
      const externalAddress = Object.values(networkInterfaces())
        .flat()
        .find(entry => entry?.family === 'IPv4' && !entry.internal)?.address;
      (externalAddress ? describe : describe.skip)(
        'over a network interface',
        () => {
          it('refuses sign-in from another address with 403, whatever X-Forwarded-For says', async () => {
            const res = await request(
              `http://${externalAddress}:${backend.server.port()}`,
            )
              .get('/api/auth/demo/refresh')
              .set(DEMO_USER_HEADER, 'ada')
              .set('x-forwarded-for', '127.0.0.1');
            expect(res.status).toBe(403);
            expect(res.body.error).toMatchObject({ name: 'NotAllowedError' });
            expect(res.body.backstageIdentity).toBeUndefined();
          });
        },
      );

      it('refuses a user that is not in the catalog', async () => {
        const res = await signIn(backend, 'nobody');
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({ name: 'NotFoundError' });
        expect(res.body.backstageIdentity).toBeUndefined();
      });
    });

    it('does not offer the provider when it is not configured', async () => {
      const backend = await startBackend(databaseId, null);
      try {
        await waitForCatalogUsers(backend);
        const refresh = await signIn(backend, 'ada');
        expect(refresh.status).toBe(404);
        expect(refresh.body.error.message).toMatch(/auth provider.*'demo'/);
        expect(refresh.body.backstageIdentity).toBeUndefined();
        const users = await listDemoUsers(backend);
        expect(users.status).toBe(404);
        expect(users.body.items).toBeUndefined();
      } finally {
        await backend.stop();
      }
    });

    describe('with NODE_ENV=production', () => {
      let savedNodeEnv: string | undefined;

      beforeEach(() => {
        savedNodeEnv = process.env.NODE_ENV;
        process.env.NODE_ENV = 'production';
      });

      afterEach(() => {
        if (savedNodeEnv === undefined) {
          delete process.env.NODE_ENV;
        } else {
          process.env.NODE_ENV = savedNodeEnv;
        }
      });

      it('starts without offering the demo provider', async () => {
        const backend = await startBackend(databaseId);
        try {
          await waitForCatalogUsers(backend);

          const refresh = await signIn(backend, 'ada');
          expect(refresh.status).toBe(404);
          expect(refresh.body.error.message).toMatch(/auth provider.*'demo'/);
          expect(refresh.body.backstageIdentity).toBeUndefined();

          const users = await listDemoUsers(backend);
          expect(users.status).toBe(404);
          expect(users.body.items).toBeUndefined();
        } finally {
          await backend.stop();
        }
      });

      it('offers it with dangerouslyAllowOutsideDevelopment', async () => {
        const backend = await startBackend(databaseId, {
          dangerouslyAllowOutsideDevelopment: true,
        });
        try {
          await waitForCatalogUsers(backend);

          const refresh = await signIn(backend, 'ada');
          expect(refresh.status).toBe(200);
          expect(refresh.body.backstageIdentity.identity).toMatchObject({
            userEntityRef: 'user:default/ada',
            ownershipEntityRefs: expect.arrayContaining([
              'group:default/platform-admins',
            ]),
          });

          const users = await listDemoUsers(backend);
          expect(users.status).toBe(200);
          expect(users.body).toEqual({ items: DEMO_USERS });
        } finally {
          await backend.stop();
        }
      });
    });
  });
});
