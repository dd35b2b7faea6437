import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { billingPage } from './plugin';

describe('billing plugin', () => {
  it('provides its page and its API client', () => {
    expect(plugin.id).toBe('billing');
    expect(plugin.getExtension('page:billing')).toBeDefined();
    expect(plugin.getExtension('api:billing')).toBeDefined();
  });

  it('mounts the page at /billing, guarded by the read permission', () => {
    const tester = createExtensionTester(billingPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/billing');
    expect(tester.get(coreExtensionData.title)).toBe('Billing');
    expect(tester.get(pagePermissionDataRef)).toBe('billing.usage.read');
  });
});
