import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { createRbacStores } from '../database/stores';
import { PolicyService } from './PolicyService';
import { RoleService } from './RoleService';
import { RoleSetService } from './RoleSetService';
import { seedBuiltInRoles } from './seed';
import { diffRoleSet, exportRoleSet, parseRoleSet } from './roleSet';

jest.setTimeout(60_000);

const header = 'apiVersion: controlplane.io/v1alpha1\nkind: RoleSet\n';

describe('role sets', () => {
  const databases = createPortalTestDatabases();

  it('parses, normalizes, de-duplicates and sorts', () => {
    expect(
      parseRoleSet(`${header}roles:
  - name: b-role
    grants: [z.a, a.*, z.a]
    members: [User:default/Zed, group:default/ops]
  - name: a-role
    description: First
`),
    ).toEqual([
      {
        name: 'b-role',
        description: '',
        grants: ['a.*', 'z.a'],
        members: ['group:default/ops', 'user:default/zed'],
      },
      { name: 'a-role', description: 'First', grants: [], members: [] },
    ]);
  });

  it.each([
    ['', /must be a mapping/],
    [`${header}roles: {}`, /roles must be a list/],
    [`${header}roles:\n  - name: a\n    name: b\n`, /not valid YAML/],
    [`${header}roles:\n  - name: x\n    grants: a.b\n`, /Role "x".*grants/],
    [`${header}roles:\n  - name: x\n    description: 3\n`, /description/],
    [`${header}roles: []\nextra: 1\n`, /unknown field "extra"/],
  ])('rejects %j', (text, message) => {
    expect(() => parseRoleSet(text)).toThrow(InputError);
    expect(() => parseRoleSet(text)).toThrow(message);
  });

  it('exports sorted documents that parse back to the same roles', () => {
    const roles = [
      { name: 'zeta', description: 'Z', grants: ['b.b', 'a.*'], members: [] },
      {
        name: 'alpha',
        description: 'A long description '.repeat(10),
        grants: ['*'],
        members: ['user:default/b', 'group:default/a'],
      },
    ];
    const text = exportRoleSet(roles);
    expect(text.startsWith(header)).toBe(true);
    expect(parseRoleSet(text)).toEqual([
      { ...roles[1], members: ['group:default/a', 'user:default/b'] },
      { ...roles[0], grants: ['a.*', 'b.b'] },
    ]);
  });

  it('diffs in merge and replace mode', () => {
    const current = [
      { name: 'a', description: 'A', grants: ['x.y'], members: ['user:d/u'] },
      { name: 'b', description: 'B', grants: [], members: [] },
    ];
    const imported = [
      { name: 'a', description: 'A', grants: ['x.*'], members: ['user:d/u'] },
      { name: 'c', description: 'C', grants: [], members: [] },
    ];
    const updated = [
      {
        role: 'a',
        grantsAdded: ['x.*'],
        grantsRemoved: ['x.y'],
        membersAdded: [],
        membersRemoved: [],
      },
    ];
    expect(diffRoleSet(current, imported, 'merge')).toEqual({
      created: ['c'],
      deleted: [],
      updated,
    });
    expect(diffRoleSet(current, imported, 'replace')).toEqual({
      created: ['c'],
      deleted: ['b'],
      updated,
    });
  });

  describe.each(databases.eachSupportedId())(
    'through the service, on %s',
    databaseId => {
      async function createService() {
        const knex = await databases.init(databaseId);
        const stores = await createRbacStores(mockServices.database({ knex }));
        return {
          stores,
          roles: new RoleService(stores),
          roleSets: new RoleSetService(stores),
          policy: new PolicyService(stores),
        };
      }

      it('reproduces an exported set in an empty database, bumping the revision once', async () => {
        const source = await createService();
        await seedBuiltInRoles(source.stores, {
          'platform-admin': ['user:default/ada'],
        });
        await source.roles.grant('auditor', 'billing.*');
        const exported = await source.roleSets.exportRoles();

        const target = await createService();
        expect(await target.roles.listRoles()).toEqual([]);
        const revision = await target.policy.revision();
        const { result: diff } = await target.roleSets.importRoles(
          target.roleSets.parseRoleSet(exported),
          'merge',
        );
        expect(diff.created).toEqual(
          (await source.roles.listRoles()).map(r => r.name),
        );
        expect(await target.roleSets.exportRoles()).toBe(exported);
        expect(await target.policy.revision()).toBe(revision + 1);
      });

      it('refuses a set without platform-admin in an empty database', async () => {
        const target = await createService();
        await expect(
          target.roleSets.importRoles(
            target.roleSets.parseRoleSet(`${header}roles:\n  - name: a\n`),
            'merge',
          ),
        ).rejects.toThrow(ConflictError);
        expect(await target.roles.listRoles()).toEqual([]);
      });
    },
  );
});
