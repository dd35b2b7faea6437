import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  pagePermissionDataRef,
  pagePermissionsDataRef,
} from '@controlplane/frontend-common';
import plugin, { flagsPage } from './plugin';

describe('flags plugin', () => {
  it('provides its page and its API client', () => {
    expect(plugin.id).toBe('flags');
    expect(plugin.getExtension('page:flags')).toBeDefined();
    expect(plugin.getExtension('api:flags')).toBeDefined();
  });

  it("mounts the page at /flags, open to readers of flags or of a tenant's flags", () => {
    const tester = createExtensionTester(flagsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/flags');
    expect(tester.get(coreExtensionData.title)).toBe('Flags');
    expect(tester.get(pagePermissionDataRef)).toBe('flags.flag.read');
    expect(tester.get(pagePermissionsDataRef)).toEqual([
      'flags.flag.read',
      'flags.tenant.read',
    ]);
  });
});
