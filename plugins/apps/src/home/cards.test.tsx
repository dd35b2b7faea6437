import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import plugin from '../plugin';
import { credentialFailuresCard, myAppsCard } from '.';

describe('the home cards of the apps plugin', () => {
  it('are extensions of the plugin', () => {
    expect(
      plugin.getExtension('home-page-widget:apps/credential-failures'),
    ).toBeDefined();
    expect(plugin.getExtension('home-page-widget:apps/my-apps')).toBeDefined();
  });

  it('show the credential failures to who may disable apps (not developers), among what is at risk', () => {
    const placement = createExtensionTester(credentialFailuresCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['apps.app.disable']);
    expect(placement.audience).toBe('anyone');
    expect(placement.order).toBeGreaterThanOrEqual(100);
    expect(placement.order).toBeLessThan(200);
  });

  it('show "My apps" to who rotates only their own apps\' credentials (developers, tenant owners), not to operators who may rotate any', () => {
    const placement = createExtensionTester(myAppsCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['apps.credential.rotate']);
    expect(placement.audience).toBe('scoped');
    expect(placement.order).toBeLessThan(100);
  });
});
