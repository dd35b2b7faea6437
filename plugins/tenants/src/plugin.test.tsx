import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { tenantsPage } from './plugin';

describe('tenants plugin', () => {
  it('has the tenants plugin id and provides the page and the API', () => {
    expect(plugin.id).toBe('tenants');
    expect(plugin.getExtension('page:tenants')).toBeDefined();
    expect(plugin.getExtension('api:tenants')).toBeDefined();
  });

  it('mounts the page at /tenants titled "Tenants"', () => {
    const tester = createExtensionTester(tenantsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/tenants');
    expect(tester.get(coreExtensionData.title)).toBe('Tenants');
    // The sidebar shows it only to users who hold this permission.
    expect(tester.get(pagePermissionDataRef)).toBe('tenants.tenant.read');
  });
});
