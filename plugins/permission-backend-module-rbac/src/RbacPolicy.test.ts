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
    // Resource permissions get a definitive decision too, for now.
    await expect(
      policy.handle({ permission: readTenant }, alice),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
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
