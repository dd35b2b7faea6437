import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { appsPage } from './plugin';

describe('apps plugin', () => {
  it('has the apps plugin id and provides the page and the API', () => {
    expect(plugin.id).toBe('apps');
    expect(plugin.getExtension('page:apps')).toBeDefined();
    expect(plugin.getExtension('api:apps')).toBeDefined();
  });

  it('mounts the page at /apps titled "Apps"', () => {
    const tester = createExtensionTester(appsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/apps');
    expect(tester.get(coreExtensionData.title)).toBe('Apps');
    // The sidebar shows it only to users who hold this permission.
    expect(tester.get(pagePermissionDataRef)).toBe('apps.app.read');
  });
});
