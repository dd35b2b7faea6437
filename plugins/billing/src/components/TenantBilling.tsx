import { Box, Grid, Typography } from '@material-ui/core';
import { TenantPicker } from '@controlplane/frontend-common';
import { AdjustmentsCard } from './AdjustmentsCard';
import { BreakdownCard } from './BreakdownCard';
import { BudgetCard } from './BudgetCard';
import { PeriodsCard } from './PeriodsCard';
import { QuotasCard } from './QuotasCard';
import { UsageCard } from './UsageCard';

/**
 * One tenant's billing: usage and costs of the current period with a chart
 * per day, the breakdown, quotas, budget, periods and credits. Each card
 * loads on its own, so one failing does not hide the others. The tenant is
 * picked among `tenants` (those in reach with usage), or typed when there
 * are none.
 */
export const TenantBilling = (props: {
  tenant: string;
  tenants: string[];
  onPick: (tenant: string) => void;
}) => {
  const { tenant, tenants } = props;
  const choices =
    tenants.length && tenant && !tenants.includes(tenant)
      ? [...tenants, tenant].sort()
      : tenants;
  return (
    <>
      <Box maxWidth={320}>
        <TenantPicker
          id="billing-tenant"
          tenants={choices}
          value={tenant}
          onChange={props.onPick}
        />
      </Box>
      {tenant ? (
        <Grid container spacing={3} key={tenant}>
          <Grid item xs={12} md={6}>
            <UsageCard tenant={tenant} />
          </Grid>
          <Grid item xs={12} md={6}>
            <QuotasCard tenant={tenant} />
          </Grid>
          <Grid item xs={12}>
            <BreakdownCard tenant={tenant} />
          </Grid>
          <Grid item xs={12} md={6}>
            <BudgetCard tenant={tenant} />
          </Grid>
          <Grid item xs={12} md={6}>
            <PeriodsCard tenant={tenant} />
          </Grid>
          <Grid item xs={12}>
            <AdjustmentsCard tenant={tenant} />
          </Grid>
        </Grid>
      ) : (
        <Typography color="textSecondary">
          Enter a tenant to see its usage, quotas and budget.
        </Typography>
      )}
    </>
  );
};
