import { requiresSeparationOfDuties } from '@controlplane/plugin-rbac-common';
import {
  promotionRequestResourceType,
  promotionsPermissionDescriptions,
  promotionsPermissions,
  promotionsRequestApprovePermission,
  promotionsRequestRejectPermission,
} from './permissions';
import { nextEnvironment } from './types';

describe('promotions permissions', () => {
  it('are named <pluginId>.<resource>.<action>, as the RBAC grants match them', () => {
    for (const permission of promotionsPermissions) {
      expect(permission.name).toMatch(/^promotions\.[a-z-]+\.[a-z-]+$/);
    }
  });

  it('decide requests as resource permissions, so tenant scoping and separation of duties apply', () => {
    const onRequests = promotionsPermissions.filter(permission =>
      permission.name.startsWith('promotions.request.'),
    );
    expect(onRequests).toHaveLength(4);
    for (const permission of onRequests) {
      expect(permission).toMatchObject({
        type: 'resource',
        resourceType: promotionRequestResourceType,
      });
    }
    // The RBAC policy adds IS_NOT_REQUESTER to exactly these two.
    expect(
      promotionsPermissions
        .filter(permission => requiresSeparationOfDuties(permission.name))
        .map(permission => permission.name),
    ).toEqual([
      promotionsRequestApprovePermission.name,
      promotionsRequestRejectPermission.name,
    ]);
  });

  it('each have a description, and no description is left over', () => {
    expect(Object.keys(promotionsPermissionDescriptions).sort()).toEqual(
      promotionsPermissions.map(permission => permission.name).sort(),
    );
  });
});

describe('nextEnvironment', () => {
  it('goes development → staging → production, and no further', () => {
    expect(nextEnvironment('development')).toBe('staging');
    expect(nextEnvironment('staging')).toBe('production');
    expect(nextEnvironment('production')).toBeUndefined();
  });
});
