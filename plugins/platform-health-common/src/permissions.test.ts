import {
  platformHealthTenantResourceType,
  platformHealthPermissionDescriptions,
  platformHealthPermissions,
} from './permissions';

describe('platform-health permissions', () => {
  it('are named <pluginId>.<resource>.<action>, as the RBAC grants match them', () => {
    for (const permission of platformHealthPermissions) {
      expect(permission.name).toMatch(/^platform-health\.[a-z-]+\.[a-z-]+$/);
    }
  });

  it('are resource permissions on the tenant, so tenant scoping applies', () => {
    for (const permission of platformHealthPermissions) {
      expect(permission).toMatchObject({
        type: 'resource',
        resourceType: platformHealthTenantResourceType,
      });
    }
  });

  it('each have a description, and no description is left over', () => {
    expect(Object.keys(platformHealthPermissionDescriptions).sort()).toEqual(
      platformHealthPermissions.map(permission => permission.name).sort(),
    );
  });
});
