import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useNavigate, useParams } from 'react-router-dom';
import { Box, Tab, Tabs } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { PortalPage } from '@controlplane/frontend-common';
import { billingApiRef } from '../api';
import { EstimateCard } from './EstimateCard';
import { TenantBilling } from './TenantBilling';
import { TenantsUsageTable } from './TenantsUsageTable';
import { tenantPath, useBillingRoot } from './links';

/** The views of the page: all tenants in reach, or one of them. */
export type BillingView = 'all' | 'tenant';

/**
 * The billing page's two tabs: "All tenants" (`/billing`: every tenant in
 * the user's reach with its usage and cost, the totals, and the estimate
 * calculator) and "Tenant" (`/billing/tenants/:tenant`: one tenant, picked
 * among those in reach). Tenant owners see only their tenants: the backend
 * filters.
 */
export const BillingHome = (props: { view: BillingView }) => {
  const api = useApi(billingApiRef);
  const root = useBillingRoot();
  const navigate = useNavigate();
  const { tenant: routeTenant } = useParams();
  const usage = useAsync(() => api.listTenantUsage(), [api]);
  const tenants = useMemo(
    () => (usage.value?.items ?? []).map(row => row.tenant).sort(),
    [usage.value],
  );
  const tenant = routeTenant ?? tenants[0] ?? '';
  const period = usage.value?.period.id;
  return (
    <PortalPage
      title="Billing"
      subtitle={
        period ? `Usage and costs of ${period} (open until it closes)` : ''
      }
    >
      <Box mb={2}>
        <Tabs
          value={props.view}
          onChange={(_, view: BillingView) =>
            navigate(view === 'all' ? root : tenantPath(root, tenant))
          }
          indicatorColor="primary"
          aria-label="Billing views"
        >
          <Tab value="all" label="All tenants" />
          <Tab value="tenant" label="Tenant" />
        </Tabs>
      </Box>
      {props.view === 'all' && (
        <>
          <TenantsUsageTable
            usage={usage.value}
            loading={usage.loading}
            error={usage.error}
          />
          <Box mt={3}>
            <EstimateCard />
          </Box>
        </>
      )}
      {props.view === 'tenant' && !usage.loading && (
        <TenantBilling
          tenant={tenant}
          tenants={tenants}
          onPick={picked =>
            navigate(tenantPath(root, picked), { replace: true })
          }
        />
      )}
    </PortalPage>
  );
};
