import useAsync from 'react-use/esm/useAsync';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ErrorAlert } from '@controlplane/frontend-common';
import { Quota } from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { money, quantity } from '../components/format';
import { tenantPath, useBillingRoot } from '../components/links';

/** How many of the user's tenants the card shows. */
const TENANTS_SHOWN = 3;
/** From this share of a quota or budget on, the card warns. */
const NEAR_PERCENT = 80;

/** A bar of used against allowed, warning from NEAR_PERCENT on. */
const UsageBar = (props: { label: string; percent: number; text: string }) => (
  <Box mb={1} aria-label={props.label} role="group">
    <Typography variant="body2">
      <b>{props.label}</b>: {props.text}
      {props.percent >= 100 && ' — over'}
      {props.percent >= NEAR_PERCENT && props.percent < 100 && ' — near'}
    </Typography>
    <LinearProgress
      variant="determinate"
      color={props.percent >= NEAR_PERCENT ? 'secondary' : 'primary'}
      value={Math.min(100, props.percent)}
      aria-label={`${props.label} used`}
    />
  </Box>
);

/** One tenant's cost, budget and quotas in the current period. */
const TenantStanding = (props: { tenant: string }) => {
  const { tenant } = props;
  const api = useApi(billingApiRef);
  const root = useBillingRoot();
  const standing = useAsync(async () => {
    const [usage, quotas, budget] = await Promise.all([
      api.getUsage(tenant),
      api.listQuotas(tenant),
      api.getBudget(tenant),
    ]);
    return { usage, quotas, budget };
  }, [api, tenant]);
  return (
    <Box mb={2} component="section" aria-label={`Billing of ${tenant}`}>
      <Typography variant="subtitle1">
        <Link to={tenantPath(root, tenant)}>{tenant}</Link>
      </Typography>
      {standing.loading && <Progress />}
      {standing.error && <ErrorAlert error={standing.error} />}
      {standing.value && (
        <>
          <Typography variant="body2" gutterBottom>
            {standing.value.usage.period.id}: cost so far{' '}
            {money(
              standing.value.usage.costs.total,
              standing.value.usage.costs.currency,
            )}
            {standing.value.quotas.plan
              ? `, plan ${standing.value.quotas.plan}`
              : ''}
          </Typography>
          {standing.value.budget ? (
            <UsageBar
              label="Budget"
              percent={standing.value.budget.percentageUsed}
              text={`${money(
                standing.value.budget.spent,
                standing.value.usage.costs.currency,
              )} of ${money(
                standing.value.budget.monthlyAmount,
                standing.value.usage.costs.currency,
              )} (${standing.value.budget.percentageUsed} %)${
                standing.value.budget.overCap ? ', hard cap reached' : ''
              }`}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No monthly budget is set.
            </Typography>
          )}
          {standing.value.quotas.quotas.map((quota: Quota) => (
            <UsageBar
              key={quota.resourceType}
              label={quota.resourceType}
              percent={quota.percentageUsed}
              text={`${quantity(quota.used)} of ${quantity(quota.limit)} (${
                quota.percentageUsed
              } %)`}
            />
          ))}
        </>
      )}
    </Box>
  );
};

/**
 * "Usage and budget" for a tenant's owners: for each tenant they are a
 * member of (through a tenant-scoped role), the current period's cost, its
 * budget and its quotas as used against allowed, linked to the tenant's
 * billing. Users whose roles reach every tenant are a member of none.
 */
export const UsageBudgetCard = () => {
  const api = useApi(billingApiRef);
  const root = useBillingRoot();
  const mine = useAsync(
    () => api.listTenants({ mine: true, limit: TENANTS_SHOWN + 1 }),
    [api],
  );
  if (mine.loading) return <Progress />;
  if (mine.error) return <ErrorAlert error={mine.error} />;
  const tenants = mine.value!.items;
  if (tenants.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        You are not a member of a tenant: your roles reach every tenant.{' '}
        <Link to={root}>All tenants' usage</Link>
      </Typography>
    );
  }
  return (
    <>
      {tenants.slice(0, TENANTS_SHOWN).map(({ tenant }) => (
        <TenantStanding key={tenant} tenant={tenant} />
      ))}
      {tenants.length > TENANTS_SHOWN && (
        <Link to={root}>All my tenants' usage</Link>
      )}
    </>
  );
};
