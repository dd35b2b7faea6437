import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { auditPage } from './plugin';

describe('audit plugin', () => {
  it('has the audit plugin id and provides the page and the API', () => {
    expect(plugin.id).toBe('audit');
    expect(plugin.getExtension('page:audit')).toBeDefined();
    expect(plugin.getExtension('api:audit')).toBeDefined();
  });

  it('mounts the page at /audit titled "Audit trail"', () => {
    const tester = createExtensionTester(auditPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/audit');
    expect(tester.get(coreExtensionData.title)).toBe('Audit trail');
    // The sidebar shows it only to users who hold this permission.
    expect(tester.get(pagePermissionDataRef)).toBe('audit.log.read');
  });
});
