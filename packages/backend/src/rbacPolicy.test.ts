import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';

/**
 * The installed pair decides for every plugin: the real permission backend
 * with the RBAC policy module, reading roles from the real RBAC plugin. A
 * change made through the RBAC API applies to the next decision.
 */
describe('RBAC as the portal permission policy', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function startBackend(keepOboActor = false) {
      const { server } = await startBackendWithRbac({
        databases,
        databaseId,
        keepOboActor,
        initialMembers: {
          'platform-admin': ['user:default/ada'],
          operator: ['user:default/oscar'],
          auditor: ['user:default/audrey'],
          developer: ['user:default/devon'],
        },
      });
      return server;
    }

    const decide = async (
      server: Parameters<typeof request>[0],
      user: string,
      permissions: string[],
    ) => {
      const response = await request(server)
        .post('/api/permission/authorize')
        .set('Authorization', mockCredentials.user.header(user))
        .send({
          items: permissions.map((name, i) => ({
            id: String(i),
            permission: { type: 'basic', name, attributes: {} },
          })),
        });
      expect(response.status).toBe(200);
      return response.body.items.map((item: { result: string }) => item.result);
    };

    it('allows and denies each seeded role the permissions of several plugins', async () => {
      const server = await startBackend();
      const permissions = [
        'tenants.tenant.suspend',
        'audit.log.export',
        'catalog.entity.read',
        'rbac.role.update',
      ];
      expect(await decide(server, 'user:default/ada', permissions)).toEqual([
        'ALLOW',
        'ALLOW',
        'ALLOW',
        'ALLOW',
      ]);
      expect(await decide(server, 'user:default/oscar', permissions)).toEqual([
        'ALLOW',
        'DENY',
        'ALLOW',
        'DENY',
      ]);
      expect(await decide(server, 'user:default/audrey', permissions)).toEqual([
        'DENY',
        'ALLOW',
        'ALLOW',
        'DENY',
      ]);
      // A user without any role gets nothing, not even the catalog.
      expect(await decide(server, 'user:default/nobody', permissions)).toEqual([
        'DENY',
        'DENY',
        'DENY',
        'DENY',
      ]);
    });

    it('applies a grant made through the RBAC API to the next decision', async () => {
      const server = await startBackend();
      expect(
        await decide(server, 'user:default/oscar', ['billing.quota.update']),
      ).toEqual(['DENY']);

      // Oscar may not grant himself anything.
      const denied = await request(server)
        .put(
          `/api/rbac/roles/operator/grants/${encodeURIComponent('billing.*')}`,
        )
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/oscar'),
        );
      expect(denied.status).toBe(403);
      expect(
        await decide(server, 'user:default/oscar', ['billing.quota.update']),
      ).toEqual(['DENY']);

      const granted = await request(server)
        .put(
          `/api/rbac/roles/operator/grants/${encodeURIComponent('billing.*')}`,
        )
        .set('Authorization', mockCredentials.user.header('user:default/ada'));
      expect(granted.status).toBe(200);
      expect(
        await decide(server, 'user:default/oscar', ['billing.quota.update']),
      ).toEqual(['ALLOW']);
    });

    it("answers the seeded developer's credential changes with the owner rule, reads and operators' changes with ALLOW", async () => {
      const server = await startBackend(true);
      // As the apps plugin asks, on behalf of the user: only plugins get
      // conditional decisions.
      const decideOnApps = async (user: string, names: string[]) => {
        const response = await request(server)
          .post('/api/permission/authorize')
          .set(
            'Authorization',
            mockCredentials.service.header({
              onBehalfOf: mockCredentials.user(user),
              targetPluginId: 'permission',
            }),
          )
          .send({
            items: names.map((name, i) => ({
              id: String(i),
              permission: {
                type: 'resource',
                name,
                attributes: {},
                resourceType: 'apps-app',
              },
            })),
          });
        expect(response.status).toBe(200);
        return response.body.items.map(
          ({ id: _id, ...decision }: { id: string }) => decision,
        );
      };
      const names = ['apps.credential.create', 'apps.credential.read'];
      expect(await decideOnApps('user:default/devon', names)).toEqual([
        {
          result: 'CONDITIONAL',
          pluginId: 'apps',
          resourceType: 'apps-app',
          conditions: {
            rule: 'IS_OWNER',
            resourceType: 'apps-app',
            params: { ownerRefs: ['user:default/devon'] },
          },
        },
        { result: 'ALLOW' },
      ]);
      expect(await decideOnApps('user:default/oscar', names)).toEqual([
        { result: 'ALLOW' },
        { result: 'ALLOW' },
      ]);
    });
  });
});
