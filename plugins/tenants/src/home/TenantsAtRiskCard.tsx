import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import {
  Link,
  Progress,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ErrorAlert,
  errorMessage,
  HomeCardList,
  usePageAccess,
} from '@controlplane/frontend-common';
import { platformHealthDashboardReadPermission } from '@controlplane/plugin-platform-health-common';
import { tenantsApiRef } from '../api';
import { tenantPath, useTenantsRoot } from '../components/links';
import { describeRisk, tenantsAtRisk } from './risks';

/** How many tenants the card lists; the rest are behind its links. */
const SHOWN = 8;
/** Suspended tenants read for the card (the list page has them all). */
const SUSPENDED_READ = 50;
const HEALTH = platformHealthDashboardReadPermission.name;

/** The list, with the dashboard's signals when the user may read them. */
const AtRiskList = (props: { withSignals: boolean }) => {
  const { withSignals } = props;
  const api = useApi(tenantsApiRef);
  const root = useTenantsRoot();
  // One answer for both: the signals failing leaves the suspended tenants.
  const loaded = useAsync(async () => {
    const [suspended, signals] = await Promise.all([
      api.listTenants({ status: 'suspended', limit: SUSPENDED_READ }),
      withSignals
        ? api.getRiskSignals().then(
            value => ({ value, error: undefined }),
            (error: Error) => ({ value: undefined, error }),
          )
        : undefined,
    ]);
    return { suspended, signals };
  }, [api, withSignals]);

  if (loaded.loading) return <Progress />;
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  const { suspended, signals } = loaded.value!;
  const risks = tenantsAtRisk(suspended.items, signals?.value);
  return (
    <>
      <HomeCardList
        items={risks.slice(0, SHOWN).map(risk => ({
          key: risk.tenant,
          primary: risk.displayName ?? risk.tenant,
          href: tenantPath(root, risk.tenant),
          secondary: risk.reasons.map(describeRisk).join(' · '),
          trailing: risk.reasons.some(r => r.kind === 'suspended') ? (
            <StatusWarning>suspended</StatusWarning>
          ) : (
            <StatusError>at risk</StatusError>
          ),
        }))}
        emptyText="No tenant is suspended or at risk."
        more={{ href: `${root}?status=suspended`, label: 'Suspended tenants' }}
        total={risks.length}
      />
      {signals?.error && (
        <Typography variant="caption" color="textSecondary" role="status">
          Health, quota and budget signals are unavailable:{' '}
          {errorMessage(signals.error)}
        </Typography>
      )}
      {withSignals && (
        <Box mt={1}>
          <Link to="/platform">Platform dashboard</Link>
        </Box>
      )}
    </>
  );
};

/**
 * "Tenants at risk" for operators and platform admins: the suspended
 * tenants, and those the platform dashboard flags (failing calls, drift,
 * credential failures, over quota or budget) when the user may read it;
 * each links to the tenant's page.
 */
export const TenantsAtRiskCard = () => {
  const access = usePageAccess([HEALTH]);
  if (access.loading) return <Progress />;
  return <AtRiskList withSignals={access.holds(HEALTH)} />;
};
