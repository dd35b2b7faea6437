import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import { Knex } from 'knex';
import request from 'supertest';
import tenantsPlugin from './index';
import { TEST_SECRET_KEY } from './__testUtils__/harness';

jest.setTimeout(90_000);

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/**
 * What the home page cards read, with the real RBAC policy: a tenant
 * member's own tenants (`GET /tenants?mine=true`) and a tenant's user
 * summary (`GET /tenants/{tenant}/user-summary`), never another tenant's.
 */
describe('the home page reads of the tenants API', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let server: any;
    let knex: Knex;
    let stop: () => Promise<void>;
    const get = (name: string, path: string) =>
      request(server)
        .get(`/api/tenants${path}`)
        .set('Authorization', user(name));
    const post = (name: string | undefined, path: string, body: object) => {
      const req = request(server).post(`/api/tenants${path}`);
      if (name) req.set('Authorization', user(name));
      return req.send(body);
    };
    const tokenOf = (acceptUrl: string) =>
      new URL(acceptUrl).searchParams.get('token')!;

    /** Invites `email` to `tenant` as ada; accepts unless `pending`. */
    async function invite(
      tenant: string,
      email: string,
      role: string,
      pending = false,
    ) {
      const invited = await post('ada', `/tenants/${tenant}/invitations`, {
        email,
        role,
      });
      expect(invited.status).toBe(201);
      if (pending) return;
      const accepted = await post(undefined, '/invitations/accept', {
        token: tokenOf(invited.body.acceptUrl),
      });
      expect(accepted.status).toBe(201);
    }

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
          'support-agent': ['user:default/sue'],
        },
        catalogUsers: ['tina', 'sam', 'oscar', 'ada', 'sue'],
        keepOboActor: true,
        config: {
          app: { baseUrl: 'http://localhost:3000' },
          tenants: { secretKey: TEST_SECRET_KEY },
        },
      });
      server = backend.server;
      knex = backend.knex.tenants;
      stop = () => backend.stop();
      for (const name of ['acme', 'globex']) {
        const res = await post('ada', '/tenants', {
          name,
          domain: `${name}.example`,
          plan: 'starter',
          ownerEmail: `owner@${name}.example`,
        });
        if (res.status !== 201) {
          throw new Error(`Provisioning ${name} failed: ${res.status}`);
        }
        await post(undefined, '/invitations/accept', {
          token: tokenOf(res.body.invitation.acceptUrl),
        });
      }
      await invite('acme', 'amy@acme.example', 'administrator');
      await invite('acme', 'bob@acme.example', 'user');
      await invite('acme', 'cat@acme.example', 'user');
      await invite('acme', 'dan@acme.example', 'user', true);
      await invite('globex', 'gil@globex.example', 'user');
      await invite('globex', 'gwen@globex.example', 'user', true);
      await invite('globex', 'gus@globex.example', 'user', true);
      // Joined a minute apart, in the order invited (a fast machine could
      // otherwise give two of them the same millisecond).
      const joined = [
        'owner@acme.example',
        'amy@acme.example',
        'bob@acme.example',
        'cat@acme.example',
      ];
      for (const [index, email] of joined.entries()) {
        await knex('tenant_users')
          .where({ email })
          .update({
            created_at: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
          });
      }
    });
    afterAll(async () => {
      await stop?.();
    });

    const names = (res: request.Response) =>
      res.body.items.map((t: { name: string }) => t.name);

    it("lists a tenant member's own tenants, and none for platform staff", async () => {
      expect(names(await get('tina', '/tenants?mine=true'))).toEqual(['acme']);
      expect(names(await get('sam', '/tenants?mine=true'))).toEqual(['acme']);
      // Their roles reach every tenant: they are members of none.
      expect(names(await get('oscar', '/tenants?mine=true'))).toEqual([]);
      expect(names(await get('ada', '/tenants?mine=true'))).toEqual([]);
      expect(names(await get('sue', '/tenants?mine=true'))).toEqual([]);
      // Without it, as before: every tenant in reach.
      expect(names(await get('oscar', '/tenants?mine=false'))).toEqual([
        'acme',
        'globex',
      ]);
      expect((await get('nobody', '/tenants?mine=true')).status).toBe(403);
      expect((await get('tina', '/tenants?mine=yes')).status).toBe(400);
    });

    it("summarizes a tenant's users and pending invitations", async () => {
      const res = await get('tina', '/tenants/acme/user-summary');
      expect(res.status).toBe(200);
      expect(res.body.tenant).toBe('acme');
      expect(res.body.users).toEqual({
        total: 4,
        active: 4,
        disabled: 0,
        byRole: { owner: 1, administrator: 1, user: 2 },
      });
      // Newest first: the users joined in the order invited.
      expect(
        res.body.newestUsers.map((u: { email: string }) => u.email),
      ).toEqual([
        'cat@acme.example',
        'bob@acme.example',
        'amy@acme.example',
        'owner@acme.example',
      ]);
      expect(res.body.newestUsers[0]).toMatchObject({
        tenant: 'acme',
        role: 'user',
        status: 'active',
      });
      expect(res.body.invitations.pending).toBe(1);
      expect(res.body.invitations.newestPending).toEqual([
        expect.objectContaining({
          tenant: 'acme',
          email: 'dan@acme.example',
          status: 'pending',
        }),
      ]);
      // Nothing of another tenant leaks into it.
      expect(JSON.stringify(res.body)).not.toContain('globex');
    });

    it('answers the summary only within the caller’s tenants', async () => {
      // The tenant-admin reads their tenant's users too.
      expect((await get('sam', '/tenants/acme/user-summary')).status).toBe(200);
      // Another tenant is answered like a missing one.
      expect((await get('tina', '/tenants/globex/user-summary')).status).toBe(
        404,
      );
      expect((await get('sam', '/tenants/globex/user-summary')).status).toBe(
        404,
      );
      expect((await get('tina', '/tenants/nosuch/user-summary')).status).toBe(
        404,
      );
      // Platform staff read every tenant's.
      const globex = await get('oscar', '/tenants/globex/user-summary');
      expect(globex.status).toBe(200);
      expect(globex.body.users.total).toBe(2);
      expect(globex.body.invitations.pending).toBe(2);
      expect((await get('sue', '/tenants/globex/user-summary')).status).toBe(
        200,
      );
      // Without tenants.user.read at all: 403.
      expect((await get('nobody', '/tenants/acme/user-summary')).status).toBe(
        403,
      );
    });

    it('counts disabled users and leaves expired invitations out', async () => {
      const users = await get('ada', '/tenants/globex/users?q=gil');
      const gil = users.body.items[0];
      expect(
        (
          await request(server)
            .patch(`/api/tenants/tenants/globex/users/${gil.id}`)
            .set('Authorization', user('ada'))
            .send({ status: 'disabled' })
        ).status,
      ).toBe(200);
      await knex('tenant_invitations')
        .where({ email: 'gwen@globex.example' })
        .update({ expires_at: new Date(Date.now() - 60_000).toISOString() });
      const summary = await get('ada', '/tenants/globex/user-summary');
      expect(summary.body.users).toMatchObject({
        total: 2,
        active: 1,
        disabled: 1,
      });
      expect(summary.body.invitations.pending).toBe(1);
      expect(
        summary.body.invitations.newestPending.map(
          (i: { email: string }) => i.email,
        ),
      ).toEqual(['gus@globex.example']);
    });
  });
});
