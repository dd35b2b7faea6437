import useAsync from 'react-use/esm/useAsync';
import {
  Progress,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ErrorAlert,
  formatAge,
  HomeCardList,
} from '@controlplane/frontend-common';
import { billingApiRef } from '../api';
import { tenantPath, useBillingRoot } from '../components/links';

/** How many alerts the card lists; `total` counts them all. */
const SHOWN = 8;

/**
 * "Budget alerts (24 h)": the budget thresholds tenants crossed in the last
 * 24 hours, newest first, each linked to the tenant's billing; only the
 * tenants the user may see the billing of.
 */
export const BudgetAlertsCard = () => {
  const api = useApi(billingApiRef);
  const root = useBillingRoot();
  const alerts = useAsync(() => api.listBudgetAlerts({ limit: SHOWN }), [api]);
  if (alerts.loading) return <Progress />;
  if (alerts.error) return <ErrorAlert error={alerts.error} />;
  const { items, total } = alerts.value!;
  return (
    <HomeCardList
      items={items.map(alert => ({
        key: `${alert.tenant} ${alert.period} ${alert.threshold}`,
        primary: `${alert.tenant} reached ${alert.threshold} % of its budget`,
        href: tenantPath(root, alert.tenant),
        secondary: `${alert.period} · ${formatAge(alert.crossedAt)}`,
        trailing:
          alert.threshold >= 100 ? (
            <StatusError>{alert.threshold} %</StatusError>
          ) : (
            <StatusWarning>{alert.threshold} %</StatusWarning>
          ),
      }))}
      emptyText="No budget threshold was crossed in the last 24 hours."
      more={{ href: root, label: "All tenants' usage" }}
      total={total}
    />
  );
};
