import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { pagePermissionDataRef } from '@controlplane/frontend-common';
import plugin, { promotionsEntityCard, promotionsPage } from './plugin';

describe('promotions plugin', () => {
  it('provides its page, its entity card and its API client', () => {
    expect(plugin.id).toBe('promotions');
    expect(plugin.getExtension('page:promotions')).toBeDefined();
    expect(plugin.getExtension('api:promotions')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:promotions/promotions'),
    ).toBeDefined();
  });

  it('mounts the page at /promotions, guarded by the read permission', () => {
    const tester = createExtensionTester(promotionsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/promotions');
    expect(tester.get(coreExtensionData.title)).toBe('Promotions');
    expect(tester.get(pagePermissionDataRef)).toBe('promotions.request.read');
  });

  it('puts the card on agent and app pages only', () => {
    const tester = createExtensionTester(promotionsEntityCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    const entity = (kind: string) => ({
      apiVersion: 'controlplane.io/v1alpha1',
      kind,
      metadata: { name: 'x' },
    });
    expect(filter(entity('Agent'))).toBe(true);
    expect(filter(entity('App'))).toBe(true);
    expect(filter(entity('Component'))).toBe(false);
    expect(filter(entity('Deployment'))).toBe(false);
  });
});
