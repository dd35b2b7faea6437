import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';
import tenantsPlugin from './index';
import { TEST_SECRET_KEY } from './__testUtils__/harness';

jest.setTimeout(90_000);

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/**
 * End to end with the real permission backend and the RBAC policy: the
 * seeded roles, tenant-scoped members, and the tenants plugin applying the
 * conditional decisions in SQL (lists) and on loaded tenants.
 */
describe('tenants with the real RBAC policy', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let server: any;
    let stop: () => Promise<void>;
    const as = (name: string) => ({
      get: (path: string) =>
        request(server)
          .get(`/api/tenants${path}`)
          .set('Authorization', user(name)),
      post: (path: string, body?: object) =>
        request(server)
          .post(`/api/tenants${path}`)
          .set('Authorization', user(name))
          .send(body),
      put: (path: string, body: object) =>
        request(server)
          .put(`/api/tenants${path}`)
          .set('Authorization', user(name))
          .send(body),
      patch: (path: string, body: object) =>
        request(server)
          .patch(`/api/tenants${path}`)
          .set('Authorization', user(name))
          .send(body),
      delete: (path: string) =>
        request(server)
          .delete(`/api/tenants${path}`)
          .set('Authorization', user(name)),
    });

    beforeAll(async () => {
      const backend = await startBackendWithRbac({
        databases,
        databaseId,
        features: [tenantsPlugin],
        pluginDatabases: ['tenants'],
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          operator: ['user:default/oscar'],
          'org-owner': ['user:default/tina@acme'],
          'tenant-admin': ['user:default/sam@acme'],
        },
        catalogUsers: ['tina', 'sam', 'oscar', 'ada'],
        keepOboActor: true,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { secretKey: TEST_SECRET_KEY },
        },
      });
      server = backend.server;
      stop = () => backend.stop();
      for (const name of ['acme', 'globex']) {
        const res = await as('ada').post('/tenants', {
          name,
          domain: `${name}.example`,
          plan: 'starter',
          ownerEmail: `owner@${name}.example`,
        });
        if (res.status !== 201) {
          throw new Error(`Provisioning ${name} failed: ${res.status}`);
        }
      }
    });
    afterAll(async () => {
      await stop?.();
    });

    const names = (res: request.Response) =>
      res.body.items.map((t: { name: string }) => t.name);

    it('filters the tenant list to the scoped tenant, in SQL', async () => {
      expect(names(await as('tina').get('/tenants'))).toEqual(['acme']);
      // The seeded tenant-admin reads its own tenant only.
      expect(names(await as('sam').get('/tenants'))).toEqual(['acme']);
      expect(names(await as('oscar').get('/tenants'))).toEqual([
        'acme',
        'globex',
      ]);
      expect((await as('nobody').get('/tenants')).status).toBe(403);
    });

    it('lets the org owner act on their tenant only', async () => {
      expect((await as('tina').get('/tenants/acme')).status).toBe(200);
      expect((await as('tina').get('/tenants/globex')).status).toBe(404);
      const plan = await as('tina').put('/tenants/acme/plan', {
        plan: 'enterprise',
      });
      expect(plan.status).toBe(200);
      expect(plan.body.plan).toBe('enterprise');
      expect(
        (await as('tina').put('/tenants/globex/plan', { plan: 'enterprise' }))
          .status,
      ).toBe(404);
      // Provisioning and impersonation are basic: scoped members never get them.
      expect(
        (
          await as('tina').post('/tenants', {
            name: 'tinaco',
            domain: 'tinaco.example',
            plan: 'free',
            ownerEmail: 'o@tinaco.example',
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await as('tina').post('/impersonations', {
            tenant: 'acme',
            userId: '00000000-0000-4000-8000-000000000000',
            reason: 'Looking around',
          })
        ).status,
      ).toBe(403);
    });

    it('lets the tenant admin manage users of their tenant, not the contract', async () => {
      const invited = await as('sam').post('/tenants/acme/invitations', {
        email: 'new@acme.example',
        role: 'user',
      });
      expect(invited.status).toBe(201);
      expect((await as('sam').get('/tenants/acme/users')).status).toBe(200);
      expect((await as('sam').get('/tenants/globex/users')).status).toBe(404);
      expect(
        (await as('sam').put('/tenants/acme/plan', { plan: 'free' })).status,
      ).toBe(403);
      expect((await as('sam').get('/tenants/acme/sso')).status).toBe(403);
    });

    it('leaves handing out and taking away ownership to those who may manage owners', async () => {
      /** A user of acme: invited by `inviter` with `role`, then accepted. */
      const member = async (inviter: string, email: string, role: string) => {
        const invited = await as(inviter).post('/tenants/acme/invitations', {
          email,
          role,
        });
        expect(invited.status).toBe(201);
        const token = new URL(invited.body.acceptUrl).searchParams.get('token');
        const accepted = await request(server)
          .post('/api/tenants/invitations/accept')
          .send({ token });
        expect(accepted.status).toBe(201);
        return accepted.body.id as string;
      };
      // The tenant admin invites users, never owners; the org owner may.
      const asOwner = await as('sam').post('/tenants/acme/invitations', {
        email: 'boss@acme.example',
        role: 'owner',
      });
      expect(asOwner.status).toBe(403);
      expect(asOwner.body.error.message).toMatch(/tenants\.owner\.manage/);
      const boss = await member('tina', 'boss@acme.example', 'owner');
      const worker = await member('sam', 'worker@acme.example', 'user');

      // Promoting, and then changing or deleting an owner, is refused to him.
      expect(
        (
          await as('sam').patch(`/tenants/acme/users/${worker}`, {
            role: 'owner',
          })
        ).status,
      ).toBe(403);
      for (const change of [{ role: 'user' }, { status: 'disabled' }]) {
        expect(
          (await as('sam').patch(`/tenants/acme/users/${boss}`, change)).status,
        ).toBe(403);
      }
      expect(
        (await as('sam').delete(`/tenants/acme/users/${boss}`)).status,
      ).toBe(403);
      const unchanged = await as('tina').get(`/tenants/acme/users/${boss}`);
      expect(unchanged.body).toMatchObject({ role: 'owner', status: 'active' });
      // He still manages ordinary users.
      expect(
        (
          await as('sam').patch(`/tenants/acme/users/${worker}`, {
            role: 'administrator',
          })
        ).status,
      ).toBe(200);
      // The org owner hands out ownership.
      const promoted = await as('tina').patch(`/tenants/acme/users/${worker}`, {
        role: 'owner',
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body.role).toBe('owner');
    });

    it('lets operators suspend any tenant, and the owner sees only their impersonations', async () => {
      const suspended = await as('oscar').post('/tenants/globex/suspend', {
        reason: 'Payment overdue',
      });
      expect(suspended.status).toBe(200);
      expect(suspended.body.status).toBe('suspended');
      expect(
        (await as('tina').post('/tenants/globex/reactivate', {})).status,
      ).toBe(404);
      expect((await as('tina').get('/impersonations')).status).toBe(200);
    });
  });
});
