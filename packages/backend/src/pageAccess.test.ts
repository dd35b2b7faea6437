import { mockCredentials } from '@backstage/backend-test-utils';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startBackendWithRbac } from '@controlplane/test-utils/rbac';
import request from 'supertest';
import { fixtureRequestsPlugin } from './__testUtils__/requestsPlugin';

const user = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/**
 * The question the sidebar asks (`GET /api/rbac/access`), answered by the
 * real permission backend and RBAC policy: a page shows for users who hold
 * its permission at all, including through a tenant-scoped role.
 */
describe('which pages a user may open', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function startBackend() {
      const { server } = await startBackendWithRbac({
        databases,
        databaseId,
        features: [fixtureRequestsPlugin],
        pluginDatabases: ['fixture'],
        initialMembers: { 'platform-admin': ['user:default/ada'] },
        catalogUsers: ['tina', 'devon', 'ada'],
        keepOboActor: true,
      });
      // Tina reads the fixture's requests, but only in acme.
      const admin = (req: request.Test) =>
        req.set('Authorization', user('ada'));
      await admin(
        request(server).post('/api/rbac/roles').send({
          name: 'request-reader',
          description: 'Reads requests',
        }),
      ).expect(201);
      await admin(
        request(server).put(
          '/api/rbac/roles/request-reader/grants/fixture.request.read',
        ),
      ).expect(200);
      await admin(
        request(server).put(
          `/api/rbac/roles/request-reader/members/${encodeURIComponent(
            'user:default/tina@acme',
          )}`,
        ),
      ).expect(200);
      return server;
    }

    const ask = (server: any, name: string) =>
      request(server)
        .get('/api/rbac/access')
        .query(
          'permission=fixture.request.read&permission=rbac.role.read&permission=no.such.permission',
        )
        .set('Authorization', user(name));

    it('answers for each permission whether the user holds it at all, and whether everywhere', async () => {
      const server = await startBackend();

      // A platform admin holds everything that exists.
      expect((await ask(server, 'ada').expect(200)).body).toEqual({
        holds: {
          'fixture.request.read': true,
          'rbac.role.read': true,
          'no.such.permission': false,
        },
        everywhere: {
          'fixture.request.read': true,
          'rbac.role.read': true,
          'no.such.permission': false,
        },
      });
      // A tenant-scoped grant of a resource permission counts (conditional),
      // but not as held everywhere.
      expect((await ask(server, 'tina').expect(200)).body).toEqual({
        holds: {
          'fixture.request.read': true,
          'rbac.role.read': false,
          'no.such.permission': false,
        },
        everywhere: {
          'fixture.request.read': false,
          'rbac.role.read': false,
          'no.such.permission': false,
        },
      });
      // No role at all: nothing.
      const nothing = {
        'fixture.request.read': false,
        'rbac.role.read': false,
        'no.such.permission': false,
      };
      expect((await ask(server, 'devon').expect(200)).body).toEqual({
        holds: nothing,
        everywhere: nothing,
      });
    });

    it('answers one permission, and refuses callers that are not users, and bad input', async () => {
      const server = await startBackend();
      expect(
        (
          await request(server)
            .get('/api/rbac/access?permission=rbac.role.read')
            .set('Authorization', user('ada'))
            .expect(200)
        ).body,
      ).toEqual({
        holds: { 'rbac.role.read': true },
        everywhere: { 'rbac.role.read': true },
      });
      // Not signed in, or a service rather than a user: nobody to answer for.
      await request(server)
        .get('/api/rbac/access?permission=rbac.role.read')
        .set('Authorization', mockCredentials.none.header())
        .expect(401);
      await request(server)
        .get('/api/rbac/access?permission=rbac.role.read')
        .set('Authorization', mockCredentials.service.header())
        .expect(403);
      await request(server)
        .get('/api/rbac/access')
        .set('Authorization', user('ada'))
        .expect(400);
      const tooMany = Array.from(
        { length: 51 },
        (_, i) => `permission=p${i}`,
      ).join('&');
      await request(server)
        .get(`/api/rbac/access?${tooMany}`)
        .set('Authorization', user('ada'))
        .expect(400);
    });
  });
});
