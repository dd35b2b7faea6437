import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { RbacStore } from '../database/RbacStore';
import { RbacService } from './RbacService';
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
        const store = await RbacStore.create(mockServices.database({ knex }));
        return new RbacService(store);
      }

      it('reproduces an exported set in an empty database, bumping the revision once', async () => {
        const source = await createService();
        await source.seed({ 'platform-admin': ['user:default/ada'] });
        await source.grant('auditor', 'billing.*');
        const exported = await source.exportRoles();

        const target = await createService();
        expect(await target.listRoles()).toEqual([]);
        const revision = await target.revision();
        const diff = await target.importRoles(
          target.parseRoleSet(exported),
          'merge',
        );
        expect(diff.created).toEqual(
          (await source.listRoles()).map(r => r.name),
        );
        expect(await target.exportRoles()).toBe(exported);
        expect(await target.revision()).toBe(revision + 1);
      });

      it('refuses a set without platform-admin in an empty database', async () => {
        const target = await createService();
        await expect(
          target.importRoles(
            target.parseRoleSet(`${header}roles:\n  - name: a\n`),
            'merge',
          ),
        ).rejects.toThrow(ConflictError);
        expect(await target.listRoles()).toEqual([]);
      });
    },
  );
});
