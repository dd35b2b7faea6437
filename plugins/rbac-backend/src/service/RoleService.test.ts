import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { createRbacStores } from '../database/stores';
import { PolicyService } from './PolicyService';
import { RoleService } from './RoleService';
import { seedBuiltInRoles } from './seed';
import { SEED_ROLES } from './seedRoles';
import { testPermissionSource } from '../__testUtils__/permissions';

jest.setTimeout(60_000);

const ADMINS = ['user:default/ada', 'user:default/adam'];

/** The services of one plugin instance on `database`. */
async function servicesOn(database: DatabaseService) {
  const stores = await createRbacStores(database);
  return {
    roles: new RoleService(stores, testPermissionSource),
    policy: new PolicyService(stores),
    seed: (initialMembers: Record<string, string[]>) =>
      seedBuiltInRoles(stores, initialMembers),
  };
}

describe('RBAC services', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    async function createService(id: TestDatabaseId = databaseId) {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      return {
        knex,
        database,
        service: await servicesOn(database),
      };
    }

    async function seeded() {
      const created = await createService();
      await created.service.seed({ 'platform-admin': ADMINS });
      return created;
    }

    it('seeds the built-in roles once, even when instances start together', async () => {
      const { database, service } = await createService();
      // A second instance on the same database.
      const other = await servicesOn(database);
      const results = await Promise.all([
        service.seed({ 'platform-admin': ['group:default/Platform-Admins'] }),
        other.seed({ 'platform-admin': ['group:default/platform-admins'] }),
      ]);
      expect(results.sort()).toEqual([false, true]);
      await expect(service.seed({})).resolves.toBe(false);

      const roles = await service.roles.listRoles();
      expect(roles.map(r => r.name)).toEqual(
        SEED_ROLES.map(r => r.name).sort(),
      );
      const admin = roles.find(r => r.name === 'platform-admin')!;
      expect(admin.grants).toEqual(['*']);
      expect(admin.members).toEqual(['group:default/platform-admins']);
      expect(roles.find(r => r.name === 'operator')!.grants).toContain(
        'rbac.role.read',
      );
      expect(roles.find(r => r.name === 'developer')!.grants).not.toContain(
        'rbac.role.read',
      );
    });

    it('refuses initial members of unknown roles or of other kinds', async () => {
      const { service } = await createService();
      await expect(service.seed({ nope: ['user:default/a'] })).rejects.toThrow(
        /unknown role "nope"/,
      );
      await expect(
        service.seed({ auditor: ['component:default/a'] }),
      ).rejects.toThrow(InputError);
      expect(await service.roles.listRoles()).toEqual([]);
    });

    it('creates and deletes roles, with 409 on duplicates and 404 on unknown', async () => {
      const { service } = await seeded();
      const { result: role } = await service.roles.createRole(
        'release-manager',
        'Ships',
      );
      expect(role).toMatchObject({
        name: 'release-manager',
        description: 'Ships',
        grants: [],
        members: [],
      });
      await expect(
        service.roles.createRole('release-manager', 'x'),
      ).rejects.toThrow(ConflictError);
      await expect(service.roles.createRole('Bad Name', 'x')).rejects.toThrow(
        /not a valid role name/,
      );
      await service.roles.deleteRole('release-manager');
      await expect(service.roles.getRole('release-manager')).rejects.toThrow(
        NotFoundError,
      );
      await expect(service.roles.deleteRole('release-manager')).rejects.toThrow(
        NotFoundError,
      );
      await expect(service.roles.deleteRole('platform-admin')).rejects.toThrow(
        ConflictError,
      );
    });

    it('grants and adds members idempotently, bumping the revision only on change', async () => {
      const { service } = await seeded();
      const start = await service.policy.revision();

      const first = await service.roles.grant(
        'auditor',
        'billing.invoice.read',
      );
      expect(first.audit.changed).toBe(true);
      expect(first.audit.after).toContain('billing.invoice.read');
      const again = await service.roles.grant(
        'auditor',
        'billing.invoice.read',
      );
      expect(again.audit.changed).toBe(false);
      expect(await service.policy.revision()).toBe(start + 1);

      await service.roles.addMember('auditor', 'User:default/Audrey');
      await service.roles.addMember('auditor', 'user:default/audrey');
      expect((await service.roles.getRole('auditor')).members).toEqual([
        'user:default/audrey',
      ]);
      expect(await service.policy.revision()).toBe(start + 2);

      await expect(
        service.roles.revoke('auditor', 'billing.invoice.read'),
      ).resolves.toMatchObject({ audit: { changed: true } });
      await expect(
        service.roles.revoke('auditor', 'billing.invoice.read'),
      ).resolves.toMatchObject({ audit: { changed: false } });
      await expect(
        service.roles.removeMember('auditor', 'user:default/nobody'),
      ).resolves.toMatchObject({ audit: { changed: false } });

      await expect(service.roles.grant('nope', 'a.b')).rejects.toThrow(
        NotFoundError,
      );
      await expect(service.roles.grant('auditor', 'billing*')).rejects.toThrow(
        /not a permission name/,
      );
      await expect(
        service.roles.addMember('auditor', 'component:default/x'),
      ).rejects.toThrow(/not a user or group/);
    });

    it('stores owned grants of ownable resource permissions and refuses the others with 400', async () => {
      const { service } = await seeded();
      const { result: role } = await service.roles.grant(
        'developer',
        'apps.credential.create@owned',
      );
      expect(role.grants).toContain('apps.credential.create@owned');
      await service.roles.grant('developer', 'apps.*@owned');
      // Like plain grants, permissions no installed plugin registers (yet).
      await service.roles.grant('developer', 'billing.quota.update@owned');
      const start = await service.policy.revision();
      const refused: [string, RegExp][] = [
        ['apps.app.create@owned', /only basic permissions/],
        ['tenants.*@owned', /no plugin registers the IS_OWNER rule/],
        ['*@owned', /cannot be owner-scoped/],
        ['apps.app.read@mine', /not a permission name/],
      ];
      for (const [grant, reason] of refused) {
        await expect(service.roles.grant('developer', grant)).rejects.toThrow(
          reason,
        );
      }
      await expect(
        service.roles.grant('developer', 'apps.app.create@owned'),
      ).rejects.toThrow(InputError);
      expect(await service.policy.revision()).toBe(start);
      expect((await service.roles.getRole('developer')).grants).not.toContain(
        'apps.app.create@owned',
      );
    });

    it('seeds developers with owned grants for what changes apps and credentials', async () => {
      const { service } = await seeded();
      const developer = await service.roles.getRole('developer');
      const changing = developer.grants.filter(grant =>
        /^apps\.(credential\.(create|rotate|revoke)|app\.(update|disable))/.test(
          grant,
        ),
      );
      expect(changing.length).toBeGreaterThan(0);
      for (const grant of changing) expect(grant).toMatch(/@owned$/);
      expect(developer.grants).toEqual(
        expect.arrayContaining(['apps.app.read', 'apps.credential.read']),
      );
      const operator = await service.roles.getRole('operator');
      expect(operator.grants).toContain('apps.*');
      expect(operator.grants.filter(g => g.endsWith('@owned'))).toEqual([]);
    });

    it('bounds roles: descriptions without control characters, at most 500 grants', async () => {
      const { service } = await seeded();
      for (const description of [
        'a\u0000b',
        'bell\u0007',
        'x\ud800',
        'x'.repeat(501),
      ]) {
        await expect(
          service.roles.createRole('bounded', description),
        ).rejects.toThrow(InputError);
      }
      await service.roles.createRole('bounded', 'Tabs\tand\nlines are fine');
      for (let i = 0; i < 500; i++) {
        await service.roles.grant('bounded', `p.n${i}`);
      }
      await expect(
        service.roles.grant('bounded', 'p.one-more'),
      ).rejects.toThrow(ConflictError);
      // Granting what is held stays harmless at the limit.
      await expect(
        service.roles.grant('bounded', 'p.n0'),
      ).resolves.toMatchObject({ audit: { changed: false } });
      await expect(
        service.roles.addMember('bounded', 'user:default/a\u0001'),
      ).rejects.toThrow(/control character/);
    });

    it('explains decisions through wildcards and groups', async () => {
      const { service } = await seeded();
      await service.roles.addMember('operator', 'group:default/operators');
      const subject = {
        userEntityRef: 'user:default/oscar',
        ownershipEntityRefs: ['user:default/oscar', 'group:default/operators'],
      };

      const allowed = await service.policy.explain(
        subject,
        'tenants.tenant.suspend',
      );
      expect(allowed.result).toBe('ALLOW');
      expect(allowed.matches).toEqual([
        {
          role: 'operator',
          grant: 'tenants.*',
          via: 'group:default/operators',
        },
      ]);
      const denied = await service.policy.explain(
        subject,
        'billing.quota.update',
      );
      expect(denied.result).toBe('DENY');

      const admin = await service.policy.explain(
        { userEntityRef: ADMINS[0], ownershipEntityRefs: [ADMINS[0]] },
        'anything.at.all',
      );
      expect(admin.matches).toEqual([
        { role: 'platform-admin', grant: '*', via: ADMINS[0] },
      ]);
    });

    it('protects the platform-admin role and its * grant', async () => {
      const { service } = await seeded();
      await expect(service.roles.revoke('platform-admin', '*')).rejects.toThrow(
        ConflictError,
      );
      await service.roles.removeMember('platform-admin', ADMINS[0]);
      await expect(
        service.roles.removeMember('platform-admin', ADMINS[1]),
      ).rejects.toThrow(/last member of platform-admin/);
      expect((await service.roles.getRole('platform-admin')).members).toEqual([
        ADMINS[1],
      ]);
    });

    it('lets exactly one of two concurrent removals of the last two admins succeed', async () => {
      const { service } = await seeded();
      const results = await Promise.allSettled(
        ADMINS.map(admin =>
          service.roles.removeMember('platform-admin', admin),
        ),
      );
      const fulfilled = results.filter(r => r.status === 'fulfilled');
      const rejected = results.filter(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ConflictError);
      expect(
        (await service.roles.getRole('platform-admin')).members,
      ).toHaveLength(1);
    });

    it('ends consistent after many concurrent grants and revokes', async () => {
      const { service } = await seeded();
      const patterns = Array.from({ length: 20 }, (_, i) => `load.test.p${i}`);
      const revision = await service.policy.revision();
      // Grant all, concurrently with revoking the odd ones after their grant.
      await Promise.all(
        patterns.map(async (pattern, i) => {
          await service.roles.grant('developer', pattern);
          if (i % 2 === 1) await service.roles.revoke('developer', pattern);
        }),
      );
      // And the same again, all at once: everything stays idempotent.
      await Promise.all(patterns.map(p => service.roles.grant('developer', p)));

      const grants = (await service.roles.getRole('developer')).grants;
      expect(grants.filter(g => g.startsWith('load.'))).toEqual(
        [...patterns].sort(),
      );
      // 20 grants + 10 revokes + 10 re-grants, each one revision.
      expect(await service.policy.revision()).toBe(revision + 40);
      const snapshot = await service.policy.snapshot();
      expect(snapshot.revision).toBe(revision + 40);
      expect(snapshot.roles.find(r => r.name === 'developer')!.grants).toEqual(
        grants,
      );
    });
  });
});
