import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { createRbacStores } from '../database/stores';
import { PolicyService } from './PolicyService';
import { RoleService } from './RoleService';
import { RoleSetService } from './RoleSetService';
import { seedBuiltInRoles } from './seed';
import { diffRoleSet, exportRoleSet, parseRoleSet } from './roleSet';
import { testPermissionSource } from '../__testUtils__/permissions';

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

  it('refuses NUL, other control characters and unpaired surrogates with the field named', () => {
    const role = (fields: string) => `${header}roles:\n  - name: a\n${fields}`;
    const refused: [string, RegExp][] = [
      [`${header}roles: []\n# \u0000`, /NUL character/],
      [role('    description: "x\\0y"\n'), /description contains a NUL/],
      [role('    description: "x\\ud800"\n'), /unpaired surrogate/],
      [role('    description: "bell \\a"\n'), /control character/],
      [role('    grants: ["apps.app.read\\t"]\n'), /grants.*control character/],
      [
        role('    members: ["user:default/a\\x01"]\n'),
        /members.*control character/,
      ],
      [
        `${header}roles:\n  - name: "a\\0"\n`,
        /roles\[0\]\.name is not a valid/,
      ],
    ];
    for (const [document, reason] of refused) {
      expect(() => parseRoleSet(document)).toThrow(InputError);
      expect(() => parseRoleSet(document)).toThrow(reason);
    }
    // Tabs and line breaks are fine in descriptions, emoji anywhere text is.
    expect(
      parseRoleSet(role('    description: "one\\ttwo\\nthree 🚀"\n'))[0]
        .description,
    ).toBe('one\ttwo\nthree 🚀');
  });

  it('bounds the number of roles, grants and members and their lengths', () => {
    const many = (n: number, item: (i: number) => string) =>
      JSON.stringify(Array.from({ length: n }, (_, i) => item(i)));
    const refused: [string, RegExp][] = [
      [
        `${header}roles: ${many(1001, i => `{name: r${i}}`).replace(
          /"/g,
          '',
        )}\n`,
        /more than 1000 roles/,
      ],
      [
        `${header}roles:\n  - name: a\n    grants: ${many(
          501,
          i => `p.n${i}`,
        )}\n`,
        /grants has more than 500/,
      ],
      [
        `${header}roles:\n  - name: a\n    members: ${many(
          1001,
          i => `user:default/u${i}`,
        )}\n`,
        /members has more than 1000/,
      ],
      [
        `${header}roles:\n  - name: a\n    grants: [p.${'x'.repeat(260)}]\n`,
        /longer than 255/,
      ],
      [
        `${header}roles:\n  - name: a\n    members: [user:default/${'x'.repeat(
          260,
        )}]\n`,
        /longer than 255/,
      ],
      [`${header}roles:\n  - name: ${'a'.repeat(65)}\n`, /at most 64/],
    ];
    for (const [document, reason] of refused) {
      expect(() => parseRoleSet(document)).toThrow(reason);
    }
  });

  it('reads owned grants as grants', () => {
    expect(
      parseRoleSet(
        `${header}roles:\n  - name: dev\n    grants: [apps.credential.create@owned, apps.app.read]\n`,
      )[0].grants,
    ).toEqual(['apps.app.read', 'apps.credential.create@owned']);
    expect(() =>
      parseRoleSet(`${header}roles:\n  - name: dev\n    grants: ["*@owned"]\n`),
    ).toThrow(/cannot be owner-scoped/);
  });

  describe.each(databases.eachSupportedId())(
    'through the service, on %s',
    databaseId => {
      async function createService() {
        const knex = await databases.init(databaseId);
        const stores = await createRbacStores(mockServices.database({ knex }));
        return {
          stores,
          roles: new RoleService(stores, testPermissionSource),
          roleSets: new RoleSetService(stores, testPermissionSource),
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

      it('checks owned grants the document adds against the installed permissions', async () => {
        const target = await createService();
        await seedBuiltInRoles(target.stores, {
          'platform-admin': ['user:default/ada'],
        });
        const doc = (grants: string) =>
          target.roleSets.parseRoleSet(
            `${header}roles:\n  - name: dev\n    grants: [${grants}]\n`,
          );
        await expect(
          target.roleSets.checkOwnedGrants(doc('apps.app.create@owned')),
        ).rejects.toThrow(/Role "dev": grants: .*only basic permissions/);
        await expect(
          target.roleSets.checkOwnedGrants(doc('tenants.tenant.read@owned')),
        ).rejects.toThrow(/IS_OWNER/);
        await expect(
          target.roleSets.checkOwnedGrants(doc('apps.credential.create@owned')),
        ).resolves.toBeUndefined();
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
