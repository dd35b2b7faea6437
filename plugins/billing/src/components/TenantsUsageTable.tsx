import { useMemo } from 'react';
import { Box, Chip, Typography } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import {
  BackendErrorPanel,
  CsvColumn,
  DataTable,
  DownloadCsvButton,
} from '@controlplane/frontend-common';
import { TenantUsageList } from '@controlplane/plugin-billing-common';
import { money, quantity } from './format';
import { tenantPath, useBillingRoot } from './links';

type TenantRow = TenantUsageList['items'][number];

/** The event types that appear in the rows, in a stable order. */
const typesOf = (rows: TenantRow[]) =>
  [...new Set(rows.flatMap(row => Object.keys(row.quantities)))].sort();

/** The sum of each event type's quantity and of the cost over the rows. */
function totalsOf(rows: TenantRow[], types: string[]) {
  const sum = (value: (row: TenantRow) => number) =>
    rows.reduce((total, row) => total + value(row), 0);
  return {
    quantities: types.map(type => ({
      type,
      quantity: sum(row => row.quantities[type] ?? 0),
    })),
    cost: sum(row => row.cost),
  };
}

/**
 * Every tenant in the user's reach with its usage per event type and cost
 * in the period, most expensive first (the backend leaves out the others),
 * with the totals and "Download CSV" of the rows; a tenant opens its view.
 */
export const TenantsUsageTable = (props: {
  usage?: TenantUsageList;
  loading: boolean;
  error?: Error;
}) => {
  const root = useBillingRoot();
  const rows = useMemo(() => props.usage?.items ?? [], [props.usage]);
  const types = useMemo(() => typesOf(rows), [rows]);
  const totals = useMemo(() => totalsOf(rows, types), [rows, types]);
  if (props.error) return <BackendErrorPanel error={props.error} />;
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
  return (
    <>
      <Box display="flex" justifyContent="flex-end">
        <DownloadCsvButton
          filename={`usage-${props.usage?.period.id ?? ''}.csv`}
          columns={csv}
          rows={rows}
        />
      </Box>
      <DataTable
        label="Tenants' usage"
        columns={columns}
        data={rows}
        isLoading={props.loading}
        search
        pageSize={20}
        emptyTitle="No tenant in your reach has usage in this period"
      />
      {rows.length > 0 && (
        <Typography
          variant="body2"
          aria-label="Totals"
          style={{ marginTop: 8 }}
        >
          Total of {rows.length} {rows.length === 1 ? 'tenant' : 'tenants'}:{' '}
          {totals.quantities
            .map(t => `${t.type} ${quantity(t.quantity)}`)
            .join(', ')}
          ; cost <b>{money(totals.cost)}</b>
        </Typography>
      )}
    </>
  );
};
