import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { rbacPage } from './plugin';

describe('rbac plugin', () => {
  it('has the rbac plugin id and provides the page and the API', () => {
    expect(plugin.id).toBe('rbac');
    expect(plugin.getExtension('page:rbac')).toBeDefined();
    expect(plugin.getExtension('api:rbac')).toBeDefined();
  });

  it('mounts the page at /rbac titled "Access control"', () => {
    const tester = createExtensionTester(rbacPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/rbac');
    expect(tester.get(coreExtensionData.title)).toBe('Access control');
    // The sidebar shows it only to users who hold this permission.
    expect(tester.get(pagePermissionDataRef)).toBe('rbac.role.read');
  });
});
