import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createMockAuditor,
  createPortalTestDatabases,
} from '@controlplane/test-utils';
import request from 'supertest';
import rbacPlugin from '../index';

jest.setTimeout(60_000);

/** A service token of the named plugin, as its auth service would mint it. */
const pluginHeader = (pluginId: string) =>
  mockCredentials.service.header({
    onBehalfOf: mockCredentials.service(`plugin:${pluginId}`),
    targetPluginId: 'rbac',
  });

type TestBackend = Awaited<ReturnType<typeof startTestBackend>>;

const ADMINS = ['user:default/ada', 'group:default/platform-admins'];

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'oscar', namespace: 'default' },
    spec: { memberOf: ['operators'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/operators' }],
  },
];

describe('rbac router', () => {
  const databases = createPortalTestDatabases();

  async function startBackend(
    databaseId: TestDatabaseId,
    extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
  ): Promise<TestBackend> {
    const knex = await databases.init(databaseId);
    return startTestBackend({
      features: [
        rbacPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            rbac: {
              initialMembers: {
                'platform-admin': ADMINS,
                operator: ['group:default/operators'],
              },
            },
          },
        }),
        ...(extraFeatures ?? []),
      ],
    });
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: TestBackend;
    const audit = createMockAuditor();

    beforeAll(async () => {
      backend = await startBackend(databaseId, [
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        audit.auditor.factory,
      ]);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(() => {
      jest.clearAllMocks();
    });

    const api = () => request(backend.server);
    const asUser = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header());
    const asService = (req: request.Test) =>
      req.set('Authorization', pluginHeader('permission'));
    const listRoles = async () =>
      (await asUser(api().get('/api/rbac/roles'))).body.items;

    it('lists the seeded roles with their grants and members', async () => {
      const res = await asUser(api().get('/api/rbac/roles'));
      expect(res.status).toBe(200);
      const admin = res.body.items.find(
        (r: { name: string }) => r.name === 'platform-admin',
      );
      expect(admin).toMatchObject({
        grants: ['*'],
        members: [...ADMINS].sort(),
        description: expect.any(String),
        createdAt: expect.any(String),
      });
    });

    it('creates, reads and deletes a role', async () => {
      const created = await asUser(
        api()
          .post('/api/rbac/roles')
          .send({ name: 'release-manager', description: 'Ships releases' }),
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'release-manager',
        grants: [],
        members: [],
      });

      const duplicate = await asUser(
        api()
          .post('/api/rbac/roles')
          .send({ name: 'release-manager', description: 'Again' }),
      );
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.name).toBe('ConflictError');

      const read = await asUser(api().get('/api/rbac/roles/release-manager'));
      expect(read.status).toBe(200);
      expect(read.body.description).toBe('Ships releases');

      const deleted = await asUser(
        api().delete('/api/rbac/roles/release-manager'),
      );
      expect(deleted.status).toBe(204);
      const gone = await asUser(api().get('/api/rbac/roles/release-manager'));
      expect(gone.status).toBe(404);
      expect(gone.body.error.name).toBe('NotFoundError');
    });

    it.each([
      [{ name: 'Bad Name', description: 'x' }, /name/],
      [{ name: 'ok-name' }, /description/],
      [{ name: 'ok-name', description: 'x', extra: 1 }, /extra|additional/],
      [{ name: 42, description: 'x' }, /name/],
    ])('rejects the malformed body %j with 400', async (body, message) => {
      const before = await listRoles();
      const res = await asUser(api().post('/api/rbac/roles').send(body));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(await listRoles()).toEqual(before);
      expect(audit.auditor.createEvent).not.toHaveBeenCalled();
    });

    it('grants and revokes URL-encoded patterns idempotently', async () => {
      const url = `/api/rbac/roles/auditor/grants/${encodeURIComponent(
        'billing.*',
      )}`;
      const first = await asUser(api().put(url));
      expect(first.status).toBe(200);
      expect(first.body.grants).toContain('billing.*');
      const second = await asUser(api().put(url));
      expect(second.status).toBe(200);
      expect(
        second.body.grants.filter((g: string) => g === 'billing.*'),
      ).toHaveLength(1);

      const revoked = await asUser(api().delete(url));
      expect(revoked.status).toBe(200);
      expect(revoked.body.grants).not.toContain('billing.*');
    });

    it.each([['billing*'], ['*.read'], ['a b']])(
      'rejects the grant pattern %j with 400',
      async pattern => {
        const before = await listRoles();
        const res = await asUser(
          api().put(
            `/api/rbac/roles/auditor/grants/${encodeURIComponent(pattern)}`,
          ),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/pattern/);
        expect(await listRoles()).toEqual(before);
      },
    );

    it('answers 404 for grants and members of unknown roles, 400 for bad role names', async () => {
      const unknown = await asUser(
        api().put('/api/rbac/roles/nope/grants/a.b'),
      );
      expect(unknown.status).toBe(404);
      const badName = await asUser(
        api().put('/api/rbac/roles/No_Pe/grants/a.b'),
      );
      expect(badName.status).toBe(400);
    });

    it('adds and removes members by normalized entity ref', async () => {
      const url = `/api/rbac/roles/auditor/members/${encodeURIComponent(
        'User:default/Audrey',
      )}`;
      const added = await asUser(api().put(url));
      expect(added.status).toBe(200);
      expect(added.body.members).toEqual(['user:default/audrey']);
      const removed = await asUser(api().delete(url));
      expect(removed.status).toBe(200);
      expect(removed.body.members).toEqual([]);

      const wrongKind = await asUser(
        api().put(
          `/api/rbac/roles/auditor/members/${encodeURIComponent(
            'component:default/x',
          )}`,
        ),
      );
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.error.message).toMatch(/not a user or group/);
    });

    it('protects platform-admin with 409s', async () => {
      const deleteRole = await asUser(
        api().delete('/api/rbac/roles/platform-admin'),
      );
      expect(deleteRole.status).toBe(409);
      const revokeAll = await asUser(
        api().delete(`/api/rbac/roles/platform-admin/grants/${'*'}`),
      );
      expect(revokeAll.status).toBe(409);

      const member = (ref: string) =>
        `/api/rbac/roles/platform-admin/members/${encodeURIComponent(ref)}`;
      expect((await asUser(api().delete(member(ADMINS[0])))).status).toBe(200);
      const last = await asUser(api().delete(member(ADMINS[1])));
      expect(last.status).toBe(409);
      expect(last.body.error.message).toMatch(/last member/);
      // Put things back for the other tests.
      expect((await asUser(api().put(member(ADMINS[0])))).status).toBe(200);
    });

    it('emits exactly one audit event per change, critical for platform-admin', async () => {
      await asUser(api().put('/api/rbac/roles/auditor/grants/flags.flag.read'));
      expect(audit.auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'role-grant',
          severityLevel: 'high',
          meta: {
            resourceType: 'rbac-role',
            resourceId: 'auditor',
            role: 'auditor',
            grant: 'flags.flag.read',
          },
        }),
      );
      expect(audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({
          role: 'auditor',
          changed: true,
          after: expect.arrayContaining(['flags.flag.read']),
        }),
      });

      jest.clearAllMocks();
      await asUser(api().delete('/api/rbac/roles/platform-admin'));
      expect(audit.auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'role-delete',
          severityLevel: 'critical',
        }),
      );
      expect(audit.fail).toHaveBeenCalledTimes(1);
      expect(audit.success).not.toHaveBeenCalled();
    });

    it('explains decisions with the catalog memberships of the user', async () => {
      const res = await asUser(
        api().get('/api/rbac/explain').query({
          user: 'user:default/oscar',
          permission: 'tenants.tenant.read',
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        user: 'user:default/oscar',
        result: 'ALLOW',
        matches: [
          {
            role: 'operator',
            grant: 'tenants.*',
            via: 'group:default/operators',
          },
        ],
      });

      const denied = await asUser(
        api()
          .get('/api/rbac/explain')
          .query({ user: 'oscar', permission: 'billing.quota.update' }),
      );
      expect(denied.body.result).toBe('DENY');

      const unknown = await asUser(
        api()
          .get('/api/rbac/explain')
          .query({ user: 'user:default/nobody', permission: 'a.b' }),
      );
      expect(unknown.status).toBe(404);

      const malformed = await asUser(
        api().get('/api/rbac/explain').query({ user: 'oscar' }),
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/permission/);
    });

    it('serves the policy snapshot to the permission plugin only, with ETag and 304', async () => {
      const none = await api()
        .get('/api/rbac/policy/snapshot')
        .set('Authorization', mockCredentials.none.header());
      expect(none.status).toBe(401);
      const user = await asUser(api().get('/api/rbac/policy/snapshot'));
      expect(user.status).toBe(403);
      // Finding 6 of issue 11: other backends have no business reading it.
      for (const other of ['catalog', 'apps', 'rbac']) {
        const res = await api()
          .get('/api/rbac/policy/snapshot')
          .set('Authorization', pluginHeader(other));
        expect(res.status).toBe(403);
        expect(res.body.error.message).toMatch(
          `plugin:${other} may not call this endpoint`,
        );
        expect(res.body.roles).toBeUndefined();
      }
      const external = await api()
        .get('/api/rbac/policy/snapshot')
        .set('Authorization', mockCredentials.service.header());
      expect(external.status).toBe(403);

      const first = await asService(api().get('/api/rbac/policy/snapshot'));
      expect(first.status).toBe(200);
      expect(first.body.roles.map((r: { name: string }) => r.name)).toContain(
        'platform-admin',
      );
      expect(first.headers.etag).toBe(`"${first.body.revision}"`);

      const unchanged = await asService(
        api()
          .get('/api/rbac/policy/snapshot')
          .set('If-None-Match', first.headers.etag),
      );
      expect(unchanged.status).toBe(304);

      await asUser(api().put('/api/rbac/roles/auditor/grants/apps.app.read'));
      const changed = await asService(
        api()
          .get('/api/rbac/policy/snapshot')
          .set('If-None-Match', first.headers.etag),
      );
      expect(changed.status).toBe(200);
      expect(changed.body.revision).toBeGreaterThan(first.body.revision);
    });

    it('lists the permissions of the installed plugins with descriptions', async () => {
      const res = await asUser(api().get('/api/rbac/permissions'));
      expect(res.status).toBe(200);
      expect(res.body.items).toContainEqual({
        name: 'rbac.role.update',
        pluginId: 'rbac',
        type: 'basic',
        action: 'update',
        description:
          'Grant and revoke permissions on roles, add and remove role members',
      });
    });
  });

  describe.each(databases.eachSupportedId())('denied, on %s', databaseId => {
    let backend: TestBackend;
    const audit = createMockAuditor();

    beforeAll(async () => {
      backend = await startBackend(databaseId, [
        mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        audit.auditor.factory,
      ]);
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it.each([
      ['get', '/api/rbac/roles'],
      ['get', '/api/rbac/roles/auditor'],
      ['get', '/api/rbac/permissions'],
      ['post', '/api/rbac/roles'],
      ['delete', '/api/rbac/roles/auditor'],
      ['put', '/api/rbac/roles/auditor/grants/a.b'],
      ['delete', '/api/rbac/roles/auditor/grants/a.b'],
      ['put', '/api/rbac/roles/auditor/members/user%3Adefault%2Fx'],
      ['delete', '/api/rbac/roles/auditor/members/user%3Adefault%2Fx'],
      ['get', '/api/rbac/explain?user=oscar&permission=a.b'],
    ] as const)('answers 403 to %s %s', async (method, path) => {
      let req = request(backend.server)[method](path);
      if (method === 'post') req = req.send({ name: 'x', description: 'x' });
      const res = await req.set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });

    it('records denied changes as failed audit events and changes nothing', async () => {
      jest.clearAllMocks();
      await request(backend.server)
        .put('/api/rbac/roles/auditor/grants/a.b')
        .set('Authorization', mockCredentials.user.header());
      expect(audit.fail).toHaveBeenCalledTimes(1);
      const snapshot = await request(backend.server)
        .get('/api/rbac/policy/snapshot')
        .set('Authorization', pluginHeader('permission'));
      expect(snapshot.status).toBe(200);
      expect(
        snapshot.body.roles.find((r: { name: string }) => r.name === 'auditor')
          .grants,
      ).not.toContain('a.b');
    });
  });
});
