import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Chip } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CsvColumn,
  DataTable,
  DownloadCsvButton,
  PortalPage,
} from '@controlplane/frontend-common';
import { TenantUsageList } from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { EstimateCard } from './EstimateCard';
import { money, quantity } from './format';
import { tenantPath, useBillingRoot } from './links';

type TenantRow = TenantUsageList['items'][number];

/** The event types that appear in the rows, in a stable order. */
const typesOf = (rows: TenantRow[]) =>
  [...new Set(rows.flatMap(row => Object.keys(row.quantities)))].sort();

/**
 * Every tenant in the user's reach with its usage and cost in the current
 * period, most expensive first (tenant owners see only theirs); a click
 * opens the tenant. Below, the estimate calculator.
 */
export const BillingHome = () => {
  const api = useApi(billingApiRef);
  const root = useBillingRoot();
  const { value, loading, error } = useAsync(
    () => api.listTenantUsage(),
    [api],
  );
  const rows = useMemo(() => value?.items ?? [], [value]);
  const types = useMemo(() => typesOf(rows), [rows]);
  const columns: TableColumn<TenantRow>[] = [
    {
      title: 'Tenant',
      field: 'tenant',
      render: row => (
        <Link to={tenantPath(root, row.tenant)}>{row.tenant}</Link>
      ),
    },
    ...types.map(type => ({
      title: type,
      type: 'numeric' as const,
      render: (row: TenantRow) => quantity(row.quantities[type] ?? 0),
    })),
    {
      title: 'Cost',
      field: 'cost',
      type: 'numeric',
      render: row => (
        <>
          {money(row.cost)}
          {row.overBudget && (
            <Box component="span" ml={1}>
              <Chip size="small" color="secondary" label="over budget" />
            </Box>
          )}
        </>
      ),
    },
  ];
  const csv: CsvColumn<TenantRow>[] = [
    { title: 'tenant', value: row => row.tenant },
    ...types.map(type => ({
      title: type,
      value: (row: TenantRow) => row.quantities[type] ?? 0,
    })),
    { title: 'cost', value: row => row.cost },
    { title: 'over_budget', value: row => !!row.overBudget },
  ];
  const period = value?.period.id ?? '';
  return (
    <PortalPage
      title="Billing"
      subtitle={
        period ? `Usage and costs of ${period} (open until it closes)` : ''
      }
      headerActions={
        <DownloadCsvButton
          filename={`usage-${period}.csv`}
          columns={csv}
          rows={rows}
        />
      }
    >
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable
          label="Tenants' usage"
          columns={columns}
          data={rows}
          isLoading={loading}
          search
          pageSize={20}
          emptyTitle="No tenant in your reach has usage yet"
        />
      )}
      <Box mt={3}>
        <EstimateCard />
      </Box>
    </PortalPage>
  );
};
