import useAsync from 'react-use/esm/useAsync';
import { Typography } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  BarChart,
  DataTable,
  DownloadCsvButton,
} from '@controlplane/frontend-common';
import { UsageLine } from '@controlplane/plugin-billing-common';
import { billingApiRef } from '../api';
import { money, quantity } from './format';

/** The columns of usage lines: type, quantity and cost (also the estimate's). */
export const usageLineColumns: TableColumn<UsageLine>[] = [
  { title: 'Type', field: 'type' },
  {
    title: 'Quantity',
    field: 'quantity',
    type: 'numeric',
    render: line => quantity(line.quantity),
  },
  {
    title: 'Cost',
    field: 'cost',
    type: 'numeric',
    render: line => money(line.cost),
  },
];

/** The tenant's usage and costs in the current period, and cost per day. */
export const UsageCard = (props: { tenant: string }) => {
  const api = useApi(billingApiRef);
  const { tenant } = props;
  const { value, loading, error } = useAsync(async () => {
    const [summary, days] = await Promise.all([
      api.getUsage(tenant),
      api.getUsageDetails(tenant, 'day'),
    ]);
    return { summary, days };
  }, [api, tenant]);
  const summary = value?.summary;
  return (
    <InfoCard
      title="Usage this period"
      subheader={summary ? summary.period.id : undefined}
      action={
        <DownloadCsvButton
          filename={`${tenant}-usage-${summary?.period.id ?? ''}.csv`}
          columns={[
            { title: 'type', value: (line: UsageLine) => line.type },
            { title: 'quantity', value: line => line.quantity },
            { title: 'cost', value: line => line.cost },
          ]}
          rows={summary?.usage ?? []}
        />
      }
    >
      {error && <BackendErrorPanel error={error} />}
      {!error && (
        <>
          <DataTable
            label="Usage"
            columns={usageLineColumns}
            data={summary?.usage ?? []}
            isLoading={loading}
            emptyTitle="No usage recorded in this period"
          />
          {summary && (
            <Typography variant="body2" style={{ marginTop: 8 }}>
              Usage {money(summary.costs.usage, summary.costs.currency)},
              adjustments{' '}
              {money(summary.costs.adjustments, summary.costs.currency)}, total{' '}
              <b>{money(summary.costs.total, summary.costs.currency)}</b>
            </Typography>
          )}
          {value && value.days.breakdown.length > 0 && (
            <BarChart
              label="Cost per day"
              bars={value.days.breakdown.map(day => ({
                key: day.key,
                label: `${day.key}: ${money(day.cost)}`,
                value: day.cost,
              }))}
            />
          )}
        </>
      )}
    </InfoCard>
  );
};
