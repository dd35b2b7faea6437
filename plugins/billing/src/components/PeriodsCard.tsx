import useAsync from 'react-use/esm/useAsync';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  DownloadCsvButton,
  formatTime,
} from '@controlplane/frontend-common';
import { PeriodList } from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { money } from './format';

type PeriodRow = PeriodList['items'][number];

const columns: TableColumn<PeriodRow>[] = [
  { title: 'Period', field: 'id' },
  {
    title: 'Status',
    field: 'status',
    render: period =>
      period.status === 'closed' && period.closedAt
        ? `closed ${formatTime(period.closedAt)}`
        : period.status,
  },
  {
    title: 'Total',
    field: 'totalCost',
    type: 'numeric',
    render: period => money(period.totalCost),
  },
];

/** The tenant's billing periods: open until closed, then their totals frozen. */
export const PeriodsCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const { value, loading, error } = useAsync(
    () => api.listPeriods(props.tenant),
    [api, props.tenant],
  );
  const rows = value?.items ?? [];
  return (
    <InfoCard
      title="Periods"
      action={
        <DownloadCsvButton
          filename={`${props.tenant}-periods.csv`}
          columns={[
            { title: 'period', value: (p: PeriodRow) => p.id },
            { title: 'status', value: p => p.status },
            { title: 'closed_at', value: p => p.closedAt },
            { title: 'total', value: p => p.totalCost },
          ]}
          rows={rows}
        />
      }
    >
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <DataTable
          label="Periods"
          columns={columns}
          data={rows}
          isLoading={loading}
          emptyTitle="No period yet"
        />
      )}
    </InfoCard>
  );
};
