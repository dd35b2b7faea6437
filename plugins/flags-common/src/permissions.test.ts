import {
  flagsTenantResourceType,
  flagsPermissionDescriptions,
  flagsPermissions,
} from './permissions';

describe('flags permissions', () => {
  it('are named <pluginId>.<resource>.<action>, as the RBAC grants match them', () => {
    for (const permission of flagsPermissions) {
      expect(permission.name).toMatch(/^flags\.[a-z-]+\.[a-z-]+$/);
    }
  });

  it('are basic on definitions and resource permissions on the tenant for everything per tenant', () => {
    const byName = Object.fromEntries(
      flagsPermissions.map(permission => [permission.name, permission]),
    );
    for (const name of ['flags.tenant.read', 'flags.tenant.update']) {
      expect(byName[name]).toMatchObject({
        type: 'resource',
        resourceType: flagsTenantResourceType,
      });
    }
    for (const name of [
      'flags.flag.read',
      'flags.flag.create',
      'flags.flag.update',
      'flags.flag.kill',
    ]) {
      expect(byName[name]).toMatchObject({ type: 'basic' });
    }
  });

  it('each have a description, and no description is left over', () => {
    expect(Object.keys(flagsPermissionDescriptions).sort()).toEqual(
      flagsPermissions.map(permission => permission.name).sort(),
    );
  });
});
