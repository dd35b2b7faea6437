import { Box, Typography } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { BarChart, Facts, Fact } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { count, revenue } from './format';
import { billingTenantPath, PAGES } from './links';
import { Widget, WidgetTable } from './Widget';

type Exception =
  PlatformOverview['top_lists']['entitlement_exceptions'][number];

const exceptionColumns: TableColumn<Exception>[] = [
  {
    title: 'Tenant',
    field: 'tenant',
    render: row => <Link to={billingTenantPath(row.tenant)}>{row.tenant}</Link>,
  },
  { title: 'Plan', field: 'plan' },
  {
    title: 'Over quota',
    field: 'over_quota',
    customSort: (a, b) => a.over_quota.length - b.over_quota.length,
    defaultSort: 'desc',
    render: row => row.over_quota.join(', ') || '—',
  },
  {
    title: 'Over budget',
    field: 'over_budget',
    render: row => (row.over_budget ? 'yes' : 'no'),
  },
];

/**
 * Revenue and plan enforcement: MRR, plan distribution, tenants over quota
 * or budget, and the entitlement exceptions (each → the tenant's billing);
 * nothing without the billing plugin.
 */
export const RevenueCard = (props: {
  overview: PlatformOverview;
  /** Its drill-down: the billing page unless given (one tenant's billing). */
  billingLink?: string;
}) => {
  const figures = props.overview.revenue;
  if (!figures) return null;
  const plans = Object.entries(figures.plan_distribution);
  return (
    <Widget
      title="Revenue"
      link={{ to: props.billingLink ?? PAGES.billing, label: 'Billing' }}
    >
      <Facts
        facts={[
          ...(figures.mrr === undefined
            ? []
            : [['MRR', revenue(figures.mrr, figures.currency)] as Fact]),
          ['Over quota', count(figures.over_quota_tenants)],
          ['Over budget', count(figures.over_budget_tenants)],
          ['Entitlement exceptions', count(figures.entitlement_exceptions)],
        ]}
      />
      {plans.length > 0 && (
        <Box mt={2}>
          <Typography variant="subtitle2">Plan distribution</Typography>
          <BarChart
            label="Plan distribution"
            bars={plans.map(([plan, tenants]) => ({
              key: plan,
              label: `${plan}: ${tenants}`,
              value: tenants,
            }))}
          />
          <Typography variant="body2" color="textSecondary">
            {plans.map(([plan, tenants]) => `${plan} ${tenants}`).join(' · ')}
          </Typography>
        </Box>
      )}
      <WidgetTable
        label="Entitlement exceptions"
        columns={exceptionColumns}
        data={props.overview.top_lists.entitlement_exceptions}
        emptyTitle="No tenant over its plan's limits"
      />
    </Widget>
  );
};
