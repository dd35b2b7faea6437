import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';
import { fixtureRequestsPlugin } from './__testUtils__/requestsPlugin';

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/**
 * Conditional decisions end to end: the real permission backend with the RBAC
 * policy, roles edited through the RBAC API, and a plugin that filters its
 * list in SQL and checks one resource with the shared rules.
 */
describe('tenant scoping and separation of duties', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function startBackend() {
      const { server } = await startBackendWithRbac({
        databases,
        databaseId,
        features: [fixtureRequestsPlugin],
        pluginDatabases: ['fixture'],
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        catalogUsers: ['tina', 'oscar', 'ada'],
        keepOboActor: true,
      });
      // Ada creates a role for the fixture's requests: Tina holds it only in
      // acme, Oscar everywhere.
      const admin = (req: request.Test) =>
        req.set('Authorization', user('ada'));
      await admin(
        request(server).post('/api/rbac/roles').send({
          name: 'request-manager',
          description: 'Reads and approves requests',
        }),
      ).expect(201);
      await admin(
        request(server).put(
          `/api/rbac/roles/request-manager/grants/${encodeURIComponent(
            'fixture.*',
          )}`,
        ),
      ).expect(200);
      for (const member of ['user:default/tina@acme', 'user:default/oscar']) {
        await admin(
          request(server).put(
            `/api/rbac/roles/request-manager/members/${encodeURIComponent(
              member,
            )}`,
          ),
        ).expect(200);
      }
      return server;
    }

    const list = async (server: any, name: string) => {
      const response = await request(server)
        .get('/api/fixture/requests')
        .set('Authorization', user(name));
      return { status: response.status, ids: response.body.ids };
    };

    const approve = async (server: any, name: string, id: string) =>
      (
        await request(server)
          .post(`/api/fixture/requests/${id}/approve`)
          .set('Authorization', user(name))
      ).status;

    it('filters lists to the tenants of tenant-scoped members, in SQL', async () => {
      const server = await startBackend();
      expect(await list(server, 'tina')).toEqual({
        status: 200,
        ids: ['r1', 'r2'],
      });
      expect(await list(server, 'oscar')).toEqual({
        status: 200,
        ids: ['r1', 'r2', 'r3', 'r4'],
      });
      // Nobody else is allowed the list at all.
      expect((await list(server, 'nobody')).status).toBe(403);

      // Moving Tina's membership to globex changes her list on the next request.
      const admin = (req: request.Test) =>
        req.set('Authorization', user('ada'));
      await admin(
        request(server).delete(
          `/api/rbac/roles/request-manager/members/${encodeURIComponent(
            'user:default/tina@acme',
          )}`,
        ),
      ).expect(200);
      await admin(
        request(server).put(
          `/api/rbac/roles/request-manager/members/${encodeURIComponent(
            'user:default/tina@globex',
          )}`,
        ),
      ).expect(200);
      expect(await list(server, 'tina')).toEqual({ status: 200, ids: ['r3'] });
    });

    it('lets a tenant-scoped member act only on their tenant, never on their own request', async () => {
      const server = await startBackend();
      expect(await approve(server, 'tina', 'r2')).toBe(200);
      // Her own request, in her tenant: separation of duties.
      expect(await approve(server, 'tina', 'r1')).toBe(403);
      // Another tenant's request.
      expect(await approve(server, 'tina', 'r3')).toBe(403);
      // Oscar approves anywhere, except his own requests.
      expect(await approve(server, 'oscar', 'r1')).toBe(200);
      expect(await approve(server, 'oscar', 'r4')).toBe(200);
      expect(await approve(server, 'oscar', 'r2')).toBe(403);
      // Even the platform admin cannot approve her own request.
      expect(await approve(server, 'ada', 'r4')).toBe(403);
      expect(await approve(server, 'ada', 'r3')).toBe(200);
    });

    it('explains a conditional decision for one resource', async () => {
      const server = await startBackend();
      const explain = (query: Record<string, string>) =>
        request(server)
          .get('/api/rbac/explain')
          .query(query)
          .set('Authorization', user('ada'));

      const scoped = await explain({
        user: 'tina',
        permission: 'fixture.request.approve',
        resourceRef: 'r2',
      });
      expect(scoped.status).toBe(200);
      expect(scoped.body).toMatchObject({
        result: 'CONDITIONAL',
        tenants: ['acme'],
        separationOfDuties: true,
        resource: { ref: 'r2', result: 'ALLOW' },
      });
      const own = await explain({
        user: 'tina',
        permission: 'fixture.request.approve',
        resourceRef: 'r1',
      });
      expect(own.body.resource).toMatchObject({ ref: 'r1', result: 'DENY' });
      const elsewhere = await explain({
        user: 'tina',
        permission: 'fixture.request.read',
        resourceRef: 'r3',
      });
      expect(elsewhere.body.resource).toEqual({
        ref: 'r3',
        result: 'DENY',
        conditions: {
          rule: 'IS_IN_TENANT',
          resourceType: 'fixture-request',
          params: { tenants: ['acme'] },
        },
      });
      // A basic permission has no resource to decide on.
      const basic = await explain({
        user: 'tina',
        permission: 'rbac.role.read',
        resourceRef: 'r1',
      });
      expect(basic.status).toBe(400);
      expect(basic.body.error.message).toMatch(/basic permission/);
    });

    it('lists the plugin permissions with the descriptions the plugin serves', async () => {
      const server = await startBackend();
      const response = await request(server)
        .get('/api/rbac/permissions')
        .set('Authorization', user('ada'));
      expect(response.status).toBe(200);
      expect(response.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'fixture.request.approve',
            pluginId: 'fixture',
            type: 'resource',
            resourceType: 'fixture-request',
            description: 'Approve a request',
          }),
          expect.objectContaining({
            name: 'rbac.role.read',
            description: 'See roles, their grants and their members',
          }),
        ]),
      );
    });

    it('refuses tenant-scoped platform admins and malformed tenants', async () => {
      const server = await startBackend();
      const put = (member: string) =>
        request(server)
          .put(
            `/api/rbac/roles/platform-admin/members/${encodeURIComponent(
              member,
            )}`,
          )
          .set('Authorization', user('ada'));
      const scopedAdmin = await put('user:default/tina@acme');
      expect(scopedAdmin.status).toBe(400);
      expect(scopedAdmin.body.error.message).toMatch(
        /cannot be scoped to a tenant/,
      );
      const badTenant = await request(server)
        .put(
          `/api/rbac/roles/request-manager/members/${encodeURIComponent(
            'user:default/tina@Not A Tenant',
          )}`,
        )
        .set('Authorization', user('ada'));
      expect(badTenant.status).toBe(400);
      expect(badTenant.body.error.message).toMatch(/not a tenant name/);
    });
  });
});
