import { useParams } from 'react-router-dom';
import { Box, Grid } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  BackendErrorPanel,
  Facts,
  formatTime,
  PortalPage,
} from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import Alert from '@material-ui/lab/Alert';
import { count, percent } from './format';
import { ApiTile } from './HealthTiles';
import { OverviewHeader } from './OverviewHeader';
import { RevenueCard } from './RevenueCard';
import { SecurityAndIncidents } from './SecurityAndIncidents';
import { UsageCard } from './UsageCard';
import {
  auditTenantPath,
  billingTenantPath,
  incidentsTenantPath,
  tenantPagePath,
  usePlatformRoot,
} from './links';
import { useOverview } from './useOverview';
import { Widget } from './Widget';

const REASONS = {
  'failure-rate': 'failure rate',
  drift: 'drift',
  'credential-failures': 'credential failures',
};

/**
 * The tenant's own signals: at risk and why, failure rate, drift and
 * credential failures (from its rows of the top lists).
 */
const SignalsCard = (props: { overview: PlatformOverview; tenant: string }) => {
  const lists = props.overview.top_lists;
  const mine = <T extends { tenant: string }>(rows: T[]) =>
    rows.find(row => row.tenant === props.tenant);
  const risk = mine(lists.at_risk_tenants);
  const failures = mine(lists.tenants_by_fail_rate_24h);
  const drift = mine(lists.tenants_with_drift_7d);
  const credentials = mine(lists.tenants_with_credential_issues_7d);
  return (
    <Widget
      title="Tenant health"
      status={risk ? 'warn' : 'ok'}
      link={{ to: tenantPagePath(props.tenant), label: 'Tenant page' }}
    >
      <Facts
        facts={[
          [
            'At risk',
            risk
              ? `yes: ${risk.reasons.map(r => REASONS[r]).join(', ')}`
              : 'no',
          ],
          [
            'Failure rate 24h',
            failures
              ? `${percent(failures.failure_rate)} (${count(
                  failures.failures,
                )} of ${count(failures.total)})`
              : 'none failed',
          ],
          [
            'Drift 7d',
            drift
              ? `${count(drift.detections)} detections in ${count(
                  drift.environments,
                )} environments, ${count(drift.drifted_now)} drifted now${
                  drift.last_detected_at
                    ? `, last ${formatTime(drift.last_detected_at)}`
                    : ''
                }`
              : 'none',
          ],
          [
            'Credential issues 7d',
            credentials
              ? `${count(credentials.failures)} failures of ${count(
                  credentials.failing_credentials,
                )} credentials${
                  credentials.last_failure_at
                    ? `, last ${formatTime(credentials.last_failure_at)}`
                    : ''
                }`
              : 'none',
          ],
        ]}
      />
    </Widget>
  );
};

const TenantHealth = (props: {
  overview: PlatformOverview;
  tenant: string;
}) => {
  const { overview, tenant } = props;
  return (
    <>
      <OverviewHeader overview={overview} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <ApiTile api={overview.platform_health.api} />
        </Grid>
        <Grid item xs={12} md={4}>
          <SignalsCard overview={overview} tenant={tenant} />
        </Grid>
        <Grid item xs={12} md={4}>
          <UsageCard usage={overview.usage} />
        </Grid>
        {overview.revenue && (
          <Grid item xs={12}>
            <RevenueCard
              overview={overview}
              billingLink={billingTenantPath(tenant)}
            />
          </Grid>
        )}
      </Grid>
      <Box mt={3}>
        <SecurityAndIncidents
          overview={overview}
          links={{
            audit: auditTenantPath(tenant),
            incidents: incidentsTenantPath(tenant),
          }}
        />
      </Box>
    </>
  );
};

/**
 * One tenant's health at `/platform/tenants/<tenant>`: its API health,
 * signals, usage, entitlement, incidents and admin activity, with links to
 * its page in the tenants plugin, its billing and its audit trail. A tenant
 * out of the user's reach (or unknown) is a 404 of the backend.
 */
export const TenantHealthPage = () => {
  const { tenant = '' } = useParams();
  const root = usePlatformRoot();
  const { value: overview, loading, error } = useOverview(tenant);
  const notFound = ResponseError.is(error) && error.statusCode === 404;
  return (
    <PortalPage
      title={tenant}
      subtitle="The tenant's health"
      headerActions={
        !error && (
          <Box display="flex" style={{ gap: 16 }}>
            <Link to={tenantPagePath(tenant)}>Tenant page</Link>
            <Link to={billingTenantPath(tenant)}>Billing</Link>
            <Link to={auditTenantPath(tenant)}>Audit trail</Link>
          </Box>
        )
      }
    >
      <Box mb={1}>
        <Link to={root}>Platform dashboard</Link>
      </Box>
      {loading && !overview && <Progress />}
      {notFound && (
        <Alert severity="info" role="alert">
          There is no tenant {tenant} in your reach.
        </Alert>
      )}
      {error && !notFound && <BackendErrorPanel error={error} />}
      {overview && !error && (
        <TenantHealth overview={overview} tenant={tenant} />
      )}
    </PortalPage>
  );
};
