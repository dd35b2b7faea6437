import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicySnapshot } from '@controlplane/plugin-rbac-common';
import { PolicySnapshotUnavailableError } from './PolicySnapshotSource';
import { RbacPolicy } from './RbacPolicy';

const snapshot: PolicySnapshot = {
  revision: 1,
  roles: [
    {
      name: 'operator',
      grants: ['tenants.*'],
      members: ['group:default/operators'],
    },
    {
      name: 'tenant-admin',
      grants: ['tenants.user.*', 'audit.log.read', 'billing.*'],
      members: ['group:default/operators@acme', 'user:default/alice@globex'],
    },
    {
      name: 'approver',
      grants: ['promotions.request.approve'],
      members: ['group:default/operators'],
    },
  ],
};

const suspend = createPermission({
  name: 'tenants.tenant.suspend',
  attributes: { action: 'update' },
});
const readAudit = createPermission({
  name: 'audit.log.read',
  attributes: { action: 'read' },
});
const readTenant = createPermission({
  name: 'tenants.tenant.read',
  attributes: { action: 'read' },
  resourceType: 'tenant',
});
const readInvoice = createPermission({
  name: 'billing.invoice.read',
  attributes: { action: 'read' },
  resourceType: 'billing-invoice',
});
const readAuditEvents = createPermission({
  name: 'audit.log.read',
  attributes: { action: 'read' },
  resourceType: 'audit-event',
});
const updateQuota = createPermission({
  name: 'billing.quota.update',
  attributes: { action: 'update' },
});
const approve = createPermission({
  name: 'promotions.request.approve',
  attributes: { action: 'update' },
  resourceType: 'promotion-request',
});

function setup(getSnapshot: () => Promise<PolicySnapshot>) {
  const logger = mockServices.logger.mock();
  const policy = new RbacPolicy({
    snapshots: { getSnapshot },
    userInfo: mockServices.userInfo({
      ownershipEntityRefs: ['user:default/alice', 'group:default/operators'],
    }),
    logger,
  });
  // The deprecated `info` lacks the group: decisions must come from userInfo.
  const alice = {
    credentials: mockCredentials.user('user:default/alice'),
    info: {
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: ['user:default/alice'],
    },
  };
  return { policy, logger, alice };
}

describe('RbacPolicy', () => {
  it('allows what a role grants to a group the user is in', async () => {
    const { policy, alice } = setup(async () => snapshot);
    await expect(
      policy.handle({ permission: suspend }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    // An unscoped grant on a resource permission needs no conditions.
    await expect(
      policy.handle({ permission: readTenant }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('scopes grants of tenant-scoped memberships to those tenants', async () => {
    const { policy, alice } = setup(async () => snapshot);
    // Through the group (acme) and directly (globex): both tenants, sorted.
    await expect(
      policy.handle({ permission: readAuditEvents }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'audit',
      resourceType: 'audit-event',
      conditions: {
        rule: 'IS_IN_TENANT',
        resourceType: 'audit-event',
        params: { tenants: ['acme', 'globex'] },
      },
    });
    await expect(
      policy.handle({ permission: readInvoice }, alice),
    ).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'billing',
    });
    // tenants.* through the unscoped operators group wins over the scope.
    await expect(
      policy.handle(
        {
          permission: createPermission({
            name: 'tenants.user.read',
            attributes: { action: 'read' },
            resourceType: 'tenants-user',
          }),
        },
        alice,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('never grants basic permissions through tenant-scoped memberships', async () => {
    const { policy, alice } = setup(async () => snapshot);
    // billing.* is granted only within acme and globex; a basic permission
    // has no resource to scope, so it is denied rather than allowed everywhere.
    await expect(
      policy.handle({ permission: updateQuota }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('adds separation of duties to approve permissions, even when unscoped', async () => {
    const { policy, alice } = setup(async () => snapshot);
    await expect(
      policy.handle({ permission: approve }, alice),
    ).resolves.toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'promotions',
      resourceType: 'promotion-request',
      conditions: {
        rule: 'IS_NOT_REQUESTER',
        resourceType: 'promotion-request',
        params: { userRef: 'user:default/alice' },
      },
    });
  });

  describe('owned grants', () => {
    const createCredential = createPermission({
      name: 'apps.credential.create',
      attributes: { action: 'update' },
      resourceType: 'apps-app',
    });
    const createApp = createPermission({
      name: 'apps.app.create',
      attributes: { action: 'create' },
    });
    const owner = {
      rule: 'IS_OWNER',
      resourceType: 'apps-app',
      params: {
        ownerRefs: ['user:default/alice', 'group:default/operators'],
      },
    };
    const inTenants = (tenants: string[]) => ({
      rule: 'IS_IN_TENANT',
      resourceType: 'apps-app',
      params: { tenants },
    });
    const withRoles = (
      roles: PolicySnapshot['roles'],
    ): (() => Promise<PolicySnapshot>) => {
      const owned: PolicySnapshot = { revision: 2, roles };
      return async () => owned;
    };
    const developer = (grants: string[], members: string[]) => ({
      name: 'developer',
      grants,
      members,
    });

    it('answers IS_OWNER with the user and their groups for a grant only of owned resources', async () => {
      const { policy, alice } = setup(
        withRoles([
          developer(
            ['apps.credential.create@owned'],
            ['group:default/operators'],
          ),
        ]),
      );
      await expect(
        policy.handle({ permission: createCredential }, alice),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'apps',
        resourceType: 'apps-app',
        conditions: owner,
      });
    });

    it('lets an unscoped grant of another role win over the owned one', async () => {
      const { policy, alice } = setup(
        withRoles([
          developer(['apps.*@owned'], ['group:default/operators']),
          {
            name: 'operator',
            grants: ['apps.*'],
            members: ['user:default/alice'],
          },
        ]),
      );
      await expect(
        policy.handle({ permission: createCredential }, alice),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    });

    it('offers owned and tenant-scoped grants of different roles as alternatives', async () => {
      const { policy, alice } = setup(
        withRoles([
          developer(
            ['apps.credential.create@owned'],
            ['group:default/operators'],
          ),
          {
            name: 'org-owner',
            grants: ['apps.*'],
            members: ['user:default/alice@acme'],
          },
        ]),
      );
      await expect(
        policy.handle({ permission: createCredential }, alice),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'apps',
        resourceType: 'apps-app',
        conditions: { anyOf: [inTenants(['acme']), owner] },
      });
    });

    it('requires both ownership and the tenant for an owned grant through a tenant-scoped membership', async () => {
      const { policy, alice } = setup(
        withRoles([
          developer(
            ['apps.credential.create@owned'],
            ['user:default/alice@globex'],
          ),
        ]),
      );
      await expect(
        policy.handle({ permission: createCredential }, alice),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'apps',
        resourceType: 'apps-app',
        conditions: { allOf: [inTenants(['globex']), owner] },
      });
    });

    it('never grants a basic permission through an owned grant', async () => {
      const { policy, alice } = setup(
        withRoles([developer(['apps.*@owned'], ['group:default/operators'])]),
      );
      await expect(
        policy.handle({ permission: createApp }, alice),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    });

    it('keeps separation of duties on top of ownership', async () => {
      const { policy, alice } = setup(
        withRoles([
          developer(
            ['promotions.request.approve@owned'],
            ['group:default/operators'],
          ),
        ]),
      );
      await expect(
        policy.handle({ permission: approve }, alice),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'promotions',
        resourceType: 'promotion-request',
        conditions: {
          allOf: [
            { ...owner, resourceType: 'promotion-request' },
            {
              rule: 'IS_NOT_REQUESTER',
              resourceType: 'promotion-request',
              params: { userRef: 'user:default/alice' },
            },
          ],
        },
      });
    });
  });

  describe('tenant login principals', () => {
    // Signed in by the tenant-login auth module: no catalog entity, no stored
    // membership; the token's ownership refs name the role group of their
    // tenant (plugins/auth-backend-module-tenant-login-provider).
    const tenantLogin = {
      revision: 2,
      roles: [
        {
          name: 'org-owner',
          grants: ['tenants.*', 'billing.*'],
          members: ['group:default/acme-owners@acme'],
        },
        {
          name: 'tenant-admin',
          grants: ['tenants.user.*'],
          members: [],
        },
        {
          name: 'platform-admin',
          grants: ['*'],
          members: ['user:default/ada'],
        },
      ],
    } satisfies PolicySnapshot;
    const readTenantUser = createPermission({
      name: 'tenants.user.read',
      attributes: { action: 'read' },
      resourceType: 'tenants-user',
    });

    function principal(userEntityRef: string, groupRef: string) {
      const policy = new RbacPolicy({
        snapshots: { getSnapshot: async () => tenantLogin },
        userInfo: mockServices.userInfo({
          userEntityRef,
          ownershipEntityRefs: [userEntityRef, groupRef],
        }),
        logger: mockServices.logger.mock(),
      });
      const user = {
        credentials: mockCredentials.user(userEntityRef),
        info: { userEntityRef, ownershipEntityRefs: [userEntityRef] },
      };
      return {
        decide: (
          permission: Parameters<RbacPolicy['handle']>[0]['permission'],
        ) => policy.handle({ permission }, user),
      };
    }

    const inTenants = (
      pluginId: string,
      resourceType: string,
      tenants: string[],
    ) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId,
      resourceType,
      conditions: { rule: 'IS_IN_TENANT', resourceType, params: { tenants } },
    });

    it("grants an owner the org-owner role's permissions in their tenant only", async () => {
      const owner = principal(
        'user:tenant-globex/u-1',
        'group:tenant-globex/org-owner',
      );
      await expect(owner.decide(readTenant)).resolves.toEqual(
        inTenants('tenants', 'tenant', ['globex']),
      );
      await expect(owner.decide(readInvoice)).resolves.toEqual(
        inTenants('billing', 'billing-invoice', ['globex']),
      );
      // Basic permissions have no tenant to scope to: denied, like any
      // tenant-scoped membership's.
      await expect(owner.decide(suspend)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(owner.decide(updateQuota)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    });

    it("grants an administrator the tenant-admin role's permissions in their tenant only", async () => {
      const admin = principal(
        'user:tenant-acme/u-2',
        'group:tenant-acme/tenant-admin',
      );
      await expect(admin.decide(readTenantUser)).resolves.toEqual(
        inTenants('tenants', 'tenants-user', ['acme']),
      );
      // org-owner's grants are not tenant-admin's.
      await expect(admin.decide(readTenant)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(admin.decide(readInvoice)).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    });

    it.each([
      [
        'any other role',
        'user:tenant-acme/u-3',
        'group:tenant-acme/platform-admin',
      ],
      ['an unknown role', 'user:tenant-acme/u-3', 'group:tenant-acme/operator'],
      [
        'a user of another tenant',
        'user:tenant-globex/u-4',
        'group:tenant-acme/org-owner',
      ],
      ['a catalog user', 'user:default/mallory', 'group:tenant-acme/org-owner'],
      [
        'an invalid tenant',
        'user:tenant-Acme/u-5',
        'group:tenant-Acme/org-owner',
      ],
    ])('gives nothing through %s', async (_case, userRef, groupRef) => {
      const nobody = principal(userRef, groupRef);
      for (const permission of [
        readTenant,
        readTenantUser,
        readInvoice,
        suspend,
      ]) {
        await expect(nobody.decide(permission)).resolves.toEqual({
          result: AuthorizeResult.DENY,
        });
      }
    });
  });

  it('denies what no role of the user grants', async () => {
    const { policy, alice } = setup(async () => snapshot);
    await expect(
      policy.handle({ permission: readAudit }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('denies anonymous requests without looking at the roles', async () => {
    const getSnapshot = jest.fn(async () => snapshot);
    const { policy } = setup(getSnapshot);
    await expect(policy.handle({ permission: suspend })).resolves.toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(getSnapshot).not.toHaveBeenCalled();
  });

  it('denies everything when the snapshot source fails', async () => {
    const { policy, alice, logger } = setup(async () => {
      throw new PolicySnapshotUnavailableError('rbac plugin unreachable');
    });
    await expect(
      policy.handle({ permission: suspend }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    // The source warns once per failed refresh, not the policy per decision.
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('denies and warns on any other error', async () => {
    const { policy, alice, logger } = setup(async () => {
      throw new Error('boom');
    });
    await expect(
      policy.handle({ permission: suspend }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Denying tenants.tenant.suspend: Error: boom'),
    );
  });
});
