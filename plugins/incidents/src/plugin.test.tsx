import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { incidentsEntityCard, incidentsPage } from './plugin';

describe('incidents plugin', () => {
  it('provides its page, its entity card and its API client', () => {
    expect(plugin.id).toBe('incidents');
    expect(plugin.getExtension('page:incidents')).toBeDefined();
    expect(plugin.getExtension('api:incidents')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:incidents/incidents'),
    ).toBeDefined();
  });

  it('mounts the page at /incidents, guarded by the read permission', () => {
    const tester = createExtensionTester(incidentsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/incidents');
    expect(tester.get(coreExtensionData.title)).toBe('Incidents');
    expect(tester.get(pagePermissionDataRef)).toBe('incidents.incident.read');
  });

  it('puts the card on agent and app pages only', () => {
    const tester = createExtensionTester(incidentsEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const entity = (kind: string) => ({
      apiVersion: 'controlplane.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
    });
    expect(filter(entity('Agent'))).toBe(true);
    expect(filter(entity('App'))).toBe(true);
    expect(filter(entity('Component'))).toBe(false);
    expect(filter(entity('Tenant'))).toBe(false);
  });
});
