import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import plugin from '../plugin';
import { myTenantCard, tenantsAtRiskCard } from '.';

describe('the home cards of the tenants plugin', () => {
  it('are extensions of the plugin', () => {
    expect(
      plugin.getExtension('home-page-widget:tenants/tenants-at-risk'),
    ).toBeDefined();
    expect(
      plugin.getExtension('home-page-widget:tenants/my-tenant'),
    ).toBeDefined();
  });

  it('show "Tenants at risk" to who provisions tenants (never a tenant-scoped role), among what is at risk', () => {
    const placement = createExtensionTester(tenantsAtRiskCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['tenants.tenant.create']);
    expect(placement.order).toBeGreaterThanOrEqual(100);
    expect(placement.order).toBeLessThan(200);
  });

  it('show "My tenant" to readers of their own tenants\' users only (not to platform-wide operators), among the work waiting', () => {
    const placement = createExtensionTester(myTenantCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['tenants.user.read']);
    expect(placement.audience).toBe('scoped');
    expect(placement.order).toBeLessThan(100);
  });
});
