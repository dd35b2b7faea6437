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
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
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

interface RoleSetRole {
  name: string;
  description: string;
  grants: string[];
  members: string[];
}

const roleSet = (roles: Partial<RoleSetRole>[]) =>
  stringifyYaml({
    apiVersion: 'controlplane.io/v1alpha1',
    kind: 'RoleSet',
    roles,
  });

describe('rbac role set export and import', () => {
  const databases = createPortalTestDatabases();

  async function startBackend(
    databaseId: TestDatabaseId,
    options: {
      result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      admins?: string[];
      auditor?: ReturnType<typeof createMockAuditor>['auditor'];
    } = {},
  ): Promise<TestBackend> {
    const knex = await databases.init(databaseId);
    return startTestBackend({
      features: [
        rbacPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            rbac: {
              initialMembers: { 'platform-admin': options.admins ?? ADMINS },
            },
          },
        }),
        mockServices.permissions.factory({
          result: options.result ?? AuthorizeResult.ALLOW,
        }),
        ...(options.auditor ? [options.auditor.factory] : []),
      ],
    });
  }

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let backend: TestBackend;
    const audit = createMockAuditor();

    beforeAll(async () => {
      backend = await startBackend(databaseId, { auditor: audit.auditor });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(() => {
      jest.clearAllMocks();
    });

    const asUser = (req: request.Test) =>
      req.set('Authorization', mockCredentials.user.header());
    const exportRoles = async (server = backend.server) => {
      const res = await asUser(request(server).get('/api/rbac/roles/export'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/yaml/);
      return res.text;
    };
    const importRoles = (
      yaml: string,
      query: Record<string, string> = {},
      server = backend.server,
    ) =>
      asUser(
        request(server)
          .post('/api/rbac/roles/import')
          .query(query)
          .set('Content-Type', 'application/yaml')
          .send(yaml),
      );
    const revision = async (server = backend.server) =>
      (
        await request(server)
          .get('/api/rbac/policy/snapshot')
          .set('Authorization', pluginHeader('permission'))
      ).body.revision as number;
    const state = async () => ({
      revision: await revision(),
      yaml: await exportRoles(),
    });

    it('exports a sorted RoleSet document', async () => {
      const doc = parseYaml(await exportRoles());
      expect(doc.apiVersion).toBe('controlplane.io/v1alpha1');
      expect(doc.kind).toBe('RoleSet');
      const names = doc.roles.map((r: RoleSetRole) => r.name);
      expect(names).toEqual([...names].sort());
      const admin = doc.roles.find(
        (r: RoleSetRole) => r.name === 'platform-admin',
      );
      expect(admin).toEqual({
        name: 'platform-admin',
        description: expect.any(String),
        grants: ['*'],
        members: [...ADMINS].sort(),
      });
      for (const role of doc.roles as RoleSetRole[]) {
        expect(Object.keys(role)).toEqual([
          'name',
          'description',
          'grants',
          'members',
        ]);
        expect(role.grants).toEqual([...role.grants].sort());
      }
    });

    it('round-trips the set into a different database with replace', async () => {
      await asUser(
        request(backend.server).put(
          `/api/rbac/roles/auditor/grants/${encodeURIComponent('billing.*')}`,
        ),
      );
      const exported = await exportRoles();

      const other = await startBackend(databaseId, {
        admins: ['user:default/someone-else'],
      });
      try {
        await asUser(
          request(other.server)
            .post('/api/rbac/roles')
            .send({ name: 'only-here', description: 'x' }),
        );
        const before = await revision(other.server);
        const res = await importRoles(
          exported,
          { mode: 'replace' },
          other.server,
        );
        expect(res.status).toBe(200);
        expect(res.body.deleted).toEqual(['only-here']);
        expect(res.body.created).toEqual([]);
        expect(res.body.updated).toEqual(
          expect.arrayContaining([
            {
              role: 'platform-admin',
              grantsAdded: [],
              grantsRemoved: [],
              membersAdded: [...ADMINS].sort(),
              membersRemoved: ['user:default/someone-else'],
            },
            expect.objectContaining({
              role: 'auditor',
              grantsAdded: ['billing.*'],
            }),
          ]),
        );
        expect(await exportRoles(other.server)).toBe(exported);
        expect(await revision(other.server)).toBe(before + 1);

        // Importing the same set again changes nothing.
        const again = await importRoles(
          exported,
          { mode: 'replace' },
          other.server,
        );
        expect(again.body).toEqual({ created: [], deleted: [], updated: [] });
        expect(await revision(other.server)).toBe(before + 1);
      } finally {
        await other.stop();
      }
    });

    it('merges: creates and sets the named roles, keeps the others', async () => {
      const before = await state();
      const res = await importRoles(
        roleSet([
          {
            name: 'release-manager',
            description: 'Ships releases',
            grants: ['apps.*', 'apps.app.read'],
            members: ['User:default/Rita'],
          },
          {
            name: 'auditor',
            description: 'Changed',
            grants: ['audit.log.read'],
            members: ['group:default/auditors'],
          },
        ]),
      );
      expect(res.status).toBe(200);
      expect(res.body.created).toEqual(['release-manager']);
      expect(res.body.deleted).toEqual([]);
      expect(res.body.updated).toEqual([
        expect.objectContaining({
          role: 'auditor',
          descriptionChanged: true,
          membersAdded: ['group:default/auditors'],
        }),
      ]);
      expect(await revision()).toBe(before.revision + 1);

      const doc = parseYaml(await exportRoles());
      const byName = (name: string) =>
        doc.roles.find((r: RoleSetRole) => r.name === name);
      expect(byName('release-manager')).toEqual({
        name: 'release-manager',
        description: 'Ships releases',
        grants: ['apps.*', 'apps.app.read'],
        members: ['user:default/rita'],
      });
      expect(byName('auditor')).toMatchObject({
        description: 'Changed',
        grants: ['audit.log.read'],
      });
      // Roles not in the document are kept in merge mode.
      expect(byName('operator')).toBeDefined();
      expect(byName('platform-admin').members).toEqual([...ADMINS].sort());

      expect(audit.auditor.createEvent).toHaveBeenCalledTimes(1);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'roles-import',
          severityLevel: 'high',
        }),
      );
      expect(audit.success).toHaveBeenCalledWith({
        meta: expect.objectContaining({ mode: 'merge', diff: res.body }),
      });
    });

    it('replaces: deletes roles the document does not name, audited as critical when platform-admin changes', async () => {
      const current = parseYaml(await exportRoles()).roles as RoleSetRole[];
      const admin = current.find(r => r.name === 'platform-admin')!;
      const res = await importRoles(
        roleSet([
          { ...admin, members: [...admin.members, 'user:default/bob'] },
          current.find(r => r.name === 'operator')!,
        ]),
        { mode: 'replace' },
      );
      expect(res.status).toBe(200);
      expect(res.body.deleted).toEqual(
        current
          .map(r => r.name)
          .filter(n => n !== 'platform-admin' && n !== 'operator')
          .sort(),
      );
      expect(res.body.updated).toEqual([
        {
          role: 'platform-admin',
          grantsAdded: [],
          grantsRemoved: [],
          membersAdded: ['user:default/bob'],
          membersRemoved: [],
        },
      ]);
      const names = parseYaml(await exportRoles()).roles.map(
        (r: RoleSetRole) => r.name,
      );
      expect(names).toEqual(['operator', 'platform-admin']);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'roles-import',
          severityLevel: 'critical',
        }),
      );

      // Put the full set back for the other tests.
      const restored = await importRoles(roleSet(current), {
        mode: 'replace',
      });
      expect(restored.status).toBe(200);
    });

    it('accepts text/plain bodies', async () => {
      const res = await asUser(
        request(backend.server)
          .post('/api/rbac/roles/import')
          .set('Content-Type', 'text/plain')
          .send(await exportRoles()),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ created: [], deleted: [], updated: [] });
    });

    it('dry runs compute the diff and change nothing', async () => {
      const before = await state();
      const res = await importRoles(roleSet([{ name: 'newcomer' }]), {
        mode: 'replace',
        dryRun: 'true',
      });
      // Replace without platform-admin is refused even in a dry run.
      expect(res.status).toBe(409);

      const merge = await importRoles(
        roleSet([{ name: 'newcomer', grants: ['a.b'] }]),
        { dryRun: 'true' },
      );
      expect(merge.status).toBe(200);
      expect(merge.body).toEqual({
        created: ['newcomer'],
        deleted: [],
        updated: [],
      });
      expect(await state()).toEqual(before);
      expect(audit.auditor.createEvent).not.toHaveBeenCalled();
    });

    it.each([
      ['invalid YAML', 'roles: [unclosed', /not valid YAML/],
      [
        'a wrong kind',
        'apiVersion: controlplane.io/v1alpha1\nkind: Role\nroles: []\n',
        /kind must be RoleSet/,
      ],
      [
        'a wrong apiVersion',
        'apiVersion: v1\nkind: RoleSet\nroles: []\n',
        /apiVersion must be controlplane.io\/v1alpha1/,
      ],
      [
        'a bad grant pattern',
        roleSet([
          { name: 'fine', grants: ['a.b'] },
          { name: 'broken', grants: ['billing*'] },
        ]),
        /Role "broken".*grants.*"billing\*"/,
      ],
      [
        'a bad role name',
        roleSet([{ name: 'Bad_Name' }]),
        /Role "Bad_Name".*not a valid role name/,
      ],
      [
        'a bad member ref',
        roleSet([{ name: 'fine', members: ['component:default/x'] }]),
        /Role "fine".*members.*not a user or group/,
      ],
      [
        'a duplicate role',
        roleSet([{ name: 'twice' }, { name: 'twice' }]),
        /Role "twice".*more than once/,
      ],
      [
        'an unknown field',
        roleSet([{ name: 'fine', grnats: ['a.b'] } as Partial<RoleSetRole>]),
        /Role "fine".*unknown field "grnats"/,
      ],
    ])('answers 400 to %s and changes nothing', async (_, yaml, message) => {
      const before = await state();
      const res = await importRoles(yaml as string, { mode: 'replace' });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message as RegExp);
      expect(await state()).toEqual(before);
    });

    it('refuses documents with NUL, control characters or unpaired surrogates with 400, changing nothing', async () => {
      const before = await state();
      const documents = [
        `${roleSet([{ name: 'nul', description: 'a' }])}# \u0000\n`,
        roleSet([{ name: 'nul', description: 'a\u0000b' }]),
        roleSet([{ name: 'half', description: 'x\ud800' }]),
        roleSet([{ name: 'ctl', grants: ['a.b\u0007'] }]),
        roleSet([{ name: 'big', description: 'x'.repeat(501) }]),
      ];
      for (const yaml of documents) {
        const res = await importRoles(yaml);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /NUL|control character|unpaired surrogate|longer than 500/,
        );
      }
      expect(await state()).toEqual(before);
    });

    it('refuses a document over 1 MB from a permitted caller as too large', async () => {
      const res = await importRoles(`roles:\n${'  - x\n'.repeat(300_000)}`);
      // The contract's router reports the body parser's 413 as a 400.
      expect([400, 413]).toContain(res.status);
      expect(res.body.error.message).toMatch(/too large/);
    });

    it('rejects other content types and unknown modes with 4xx', async () => {
      const json = await asUser(
        request(backend.server)
          .post('/api/rbac/roles/import')
          .send({ roles: [] }),
      );
      expect([400, 415]).toContain(json.status);
      const mode = await importRoles(roleSet([]), { mode: 'upsert' });
      expect(mode.status).toBe(400);
    });

    it('refuses with 409 results without platform-admin, its members or *', async () => {
      const before = await state();
      const current = parseYaml(before.yaml).roles as RoleSetRole[];
      const admin = current.find(r => r.name === 'platform-admin')!;
      const cases: [string, Record<string, string>, RegExp][] = [
        [roleSet([{ ...admin, members: [] }]), {}, /without members/],
        [roleSet([{ ...admin, grants: ['a.*'] }]), {}, /\* grant/],
        [
          roleSet(current.filter(r => r.name !== 'platform-admin')),
          { mode: 'replace' },
          /cannot be deleted/,
        ],
      ];
      for (const [yaml, query, message] of cases) {
        const res = await importRoles(yaml, query);
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await state()).toEqual(before);
      expect(audit.fail).toHaveBeenCalledTimes(cases.length);
    });
  });

  describe.each(databases.eachSupportedId())('denied, on %s', databaseId => {
    let backend: TestBackend;
    const audit = createMockAuditor();

    beforeAll(async () => {
      backend = await startBackend(databaseId, {
        result: AuthorizeResult.DENY,
        auditor: audit.auditor,
      });
    });

    afterAll(async () => {
      await backend?.stop();
    });

    it('answers 403 to export and import and changes nothing', async () => {
      const exported = await request(backend.server)
        .get('/api/rbac/roles/export')
        .set('Authorization', mockCredentials.user.header());
      expect(exported.status).toBe(403);

      const snapshot = () =>
        request(backend.server)
          .get('/api/rbac/policy/snapshot')
          .set('Authorization', pluginHeader('permission'));
      const before = (await snapshot()).body;
      for (const query of [{}, { mode: 'replace' }, { dryRun: 'true' }]) {
        const res = await request(backend.server)
          .post('/api/rbac/roles/import')
          .query(query)
          .set('Authorization', mockCredentials.user.header())
          .set('Content-Type', 'application/yaml')
          .send(roleSet([{ name: 'intruder', grants: ['*'] }]));
        expect(res.status).toBe(403);
        expect(res.body.error.name).toBe('NotAllowedError');
      }
      expect((await snapshot()).body).toEqual(before);
      // The two real imports are on record as failed; the dry run is not.
      expect(audit.fail).toHaveBeenCalledTimes(2);
    });

    it('answers 403, not 400 or 413, to malformed and huge documents: permissions come before the body', async () => {
      jest.clearAllMocks();
      const bodies = [
        'roles: [unclosed',
        'a: \u0000',
        `roles:\n${'  - x\n'.repeat(300_000)}`, // about 2 MB, over the 1 MB limit
      ];
      for (const body of bodies) {
        for (const query of [{}, { dryRun: 'true' }]) {
          const res = await request(backend.server)
            .post('/api/rbac/roles/import')
            .query(query)
            .set('Authorization', mockCredentials.user.header())
            .set('Content-Type', 'application/yaml')
            .send(body);
          expect(res.status).toBe(403);
          expect(res.body.error.name).toBe('NotAllowedError');
        }
      }
      // Only the real imports are on record, each as one failed event.
      expect(audit.fail).toHaveBeenCalledTimes(bodies.length);
      expect(audit.auditor.createEvent).toHaveBeenCalledTimes(bodies.length);
      expect(audit.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'roles-import' }),
      );
      const anonymous = await request(backend.server)
        .post('/api/rbac/roles/import')
        .set('Authorization', mockCredentials.none.header())
        .set('Content-Type', 'application/yaml')
        .send('roles: [unclosed');
      expect(anonymous.status).toBe(401);
    });
  });
});
