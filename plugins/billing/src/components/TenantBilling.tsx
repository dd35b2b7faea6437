import { useParams } from 'react-router-dom';
import { Grid } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { PortalPage } from '@controlplane/frontend-common';
import { AdjustmentsCard } from './AdjustmentsCard';
import { BreakdownCard } from './BreakdownCard';
import { BudgetCard } from './BudgetCard';
import { PeriodsCard } from './PeriodsCard';
import { QuotasCard } from './QuotasCard';
import { UsageCard } from './UsageCard';
import { useBillingRoot } from './links';

/**
 * One tenant's billing: usage and costs of the current period with a chart
 * per day, the breakdown, quotas, budget, periods and credits. Each card
 * loads on its own, so one failing does not hide the others.
 */
export const TenantBilling = () => {
  const { tenant = '' } = useParams();
  const root = useBillingRoot();
  return (
    <PortalPage
      title={tenant}
      subtitle="Usage, costs, quotas and budget"
      headerActions={<Link to={root}>All tenants</Link>}
    >
      <Grid container spacing={3}>
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
    </PortalPage>
  );
};
