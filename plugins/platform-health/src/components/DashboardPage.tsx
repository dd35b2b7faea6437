import { Box, Grid } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { HealthCharts } from './HealthCharts';
import { HealthTiles } from './HealthTiles';
import { OutlierTables } from './OutlierTables';
import { OverviewHeader } from './OverviewHeader';
import { RevenueCard } from './RevenueCard';
import { SecurityAndIncidents } from './SecurityAndIncidents';
import { ShortcutsCard } from './ShortcutsCard';
import { TenantHealthCards } from './TenantHealthCards';
import { UsageCard } from './UsageCard';
import { useOverview } from './useOverview';
import { Section } from './Widget';

const Dashboard = (props: { overview: PlatformOverview }) => {
  const { overview } = props;
  return (
    <>
      <OverviewHeader overview={overview} />
      <Section title="Platform health">
        <>
          <HealthTiles health={overview.platform_health} />
          <Box mt={3}>
            <HealthCharts />
          </Box>
        </>
      </Section>
      <Section title="Tenant health">
        <>
          <TenantHealthCards tenants={overview.tenants} />
          <Box mt={3}>
            <OutlierTables lists={overview.top_lists} />
          </Box>
        </>
      </Section>
      <Section title="Usage and revenue">
        <Grid container spacing={3}>
          <Grid item xs={12} md={overview.revenue ? 4 : 12}>
            <UsageCard usage={overview.usage} />
          </Grid>
          {overview.revenue && (
            <Grid item xs={12} md={8}>
              <RevenueCard overview={overview} />
            </Grid>
          )}
        </Grid>
      </Section>
      <Section title="Security and incidents">
        <SecurityAndIncidents overview={overview} />
      </Section>
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <ShortcutsCard />
        </Grid>
      </Grid>
    </>
  );
};

/**
 * The platform dashboard at `/platform`, laid out as seed 002 asks: platform
 * health on top (tiles, and charts of the last 24 hours linking to the
 * executive metrics), tenant health and outliers, usage and revenue, security and
 * incidents, and the shortcuts. Sections the overview leaves out (a plugin
 * not installed, or figures a tenant-scoped caller does not get) are left
 * out here too.
 */
export const DashboardPage = () => {
  const { value: overview, loading, error } = useOverview();
  return (
    <PortalPage
      title="Platform dashboard"
      subtitle="Platform health, tenant outliers, usage, revenue, security and incidents"
    >
      {loading && !overview && <Progress />}
      {error && <BackendErrorPanel error={error} />}
      {overview && <Dashboard overview={overview} />}
    </PortalPage>
  );
};
