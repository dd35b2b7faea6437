import { createHomeCard } from '@controlplane/frontend-common';
import { billingUsageReadPermission } from '@controlplane/plugin-billing-common';

/**
 * "Budget alerts (24 h)" for operators and platform admins (a tenant's
 * owners see their own tenants' alerts only).
 */
export const budgetAlertsCard = createHomeCard({
  name: 'budget-alerts',
  widgetName: 'BudgetAlerts',
  title: 'Budget alerts (24 h)',
  description: 'Budget thresholds tenants crossed in the last 24 hours',
  permission: billingUsageReadPermission,
  order: 120,
  loader: () => import('./BudgetAlertsCard').then(m => <m.BudgetAlertsCard />),
});

/**
 * "Usage and budget": a tenant owner's usage against quota and budget. For
 * those who read usage in their own tenants only (a tenant-scoped role);
 * operators read every tenant's on the cost explorer.
 */
export const usageBudgetCard = createHomeCard({
  name: 'usage-and-budget',
  widgetName: 'UsageAndBudget',
  title: 'Usage and budget',
  description: "Your tenant's usage against its quotas and budget this period",
  permission: billingUsageReadPermission,
  audience: 'scoped',
  order: 20,
  loader: () => import('./UsageBudgetCard').then(m => <m.UsageBudgetCard />),
});
