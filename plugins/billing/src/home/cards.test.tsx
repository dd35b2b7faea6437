import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import plugin from '../plugin';
import { budgetAlertsCard, usageBudgetCard } from '.';

describe('the home cards of the billing plugin', () => {
  it('are extensions of the plugin, for readers of billing usage', () => {
    expect(
      plugin.getExtension('home-page-widget:billing/budget-alerts'),
    ).toBeDefined();
    expect(
      plugin.getExtension('home-page-widget:billing/usage-and-budget'),
    ).toBeDefined();
    const alerts = createExtensionTester(budgetAlertsCard).get(
      homeCardPlacementDataRef,
    );
    expect(alerts.permissions).toEqual(['billing.usage.read']);
    // Budget alerts are a risk; a tenant's own usage is its owner's work.
    expect(alerts.order).toBeGreaterThanOrEqual(100);
    expect(alerts.order).toBeLessThan(200);
    const usage = createExtensionTester(usageBudgetCard).get(
      homeCardPlacementDataRef,
    );
    expect(usage.permissions).toEqual(['billing.usage.read']);
    expect(usage.order).toBeLessThan(100);
    // Alerts for whoever reads usage (each sees their tenants'); "Usage and
    // budget" only for tenant-scoped readers, an operator's has no tenant.
    expect(alerts.audience).toBe('anyone');
    expect(usage.audience).toBe('scoped');
  });
});
