import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { platformHealthPage } from './plugin';

describe('platform-health plugin', () => {
  it('provides its page and its API client', () => {
    expect(plugin.id).toBe('platform-health');
    expect(plugin.getExtension('page:platform-health')).toBeDefined();
    expect(plugin.getExtension('api:platform-health')).toBeDefined();
  });

  it('mounts "Platform dashboard" at /platform, guarded by the dashboard permission', () => {
    const tester = createExtensionTester(platformHealthPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/platform');
    expect(tester.get(coreExtensionData.title)).toBe('Platform dashboard');
    expect(tester.get(pagePermissionDataRef)).toBe(
      'platform-health.dashboard.read',
    );
  });
});
