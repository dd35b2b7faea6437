import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Typography } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  BarChart,
  DataTable,
  formatTime,
} from '@controlplane/frontend-common';
import { FlagMetrics } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';

/** The hours of the metrics (a week). */
export const METRICS_HOURS = 168;

interface UsageRow {
  id: string;
  tenant: string;
  app: string;
  count: number;
}

const columns: TableColumn<UsageRow>[] = [
  { title: 'Tenant', field: 'tenant' },
  { title: 'App', field: 'app' },
  { title: 'Evaluations', field: 'count', type: 'numeric' },
];

/** Totals per hour, oldest first, and per tenant and app, most first. */
export function summarizeMetrics(metrics: FlagMetrics): {
  hours: Array<{ hour: string; count: number }>;
  usage: UsageRow[];
} {
  const hours = new Map<string, number>();
  const usage = new Map<string, UsageRow>();
  for (const bucket of metrics.buckets) {
    hours.set(bucket.hour, (hours.get(bucket.hour) ?? 0) + bucket.count);
    const id = `${bucket.tenant}\n${bucket.app}`;
    const row = usage.get(id) ?? {
      id,
      tenant: bucket.tenant,
      app: bucket.app,
      count: 0,
    };
    row.count += bucket.count;
    usage.set(id, row);
  }
  return {
    hours: [...hours]
      .map(([hour, count]) => ({ hour, count }))
      .sort((a, b) => a.hour.localeCompare(b.hour)),
    usage: [...usage.values()].sort((a, b) => b.count - a.count),
  };
}

/**
 * How often apps evaluated the flag in the last week: a chart of the totals
 * per hour and a table per tenant and app.
 */
export const MetricsCard = (props: { flagKey: string }) => {
  const api = useApi(flagsApiRef);
  const { value, loading, error } = useAsync(
    () => api.getMetrics(props.flagKey, METRICS_HOURS),
    [api, props.flagKey],
  );
  const summary = useMemo(
    () => (value ? summarizeMetrics(value) : undefined),
    [value],
  );
  return (
    <InfoCard title="Evaluations by apps (last 7 days)">
      {error && <BackendErrorPanel error={error} />}
      {summary && (
        <>
          <Typography variant="body2" aria-label="Total evaluations">
            {value!.total.toLocaleString('en-US')} evaluations
          </Typography>
          {summary.hours.length > 0 && (
            <BarChart
              label="Evaluations per hour"
              bars={summary.hours.map(h => ({
                key: h.hour,
                label: `${formatTime(h.hour)}: ${h.count}`,
                value: h.count,
              }))}
            />
          )}
        </>
      )}
      {!error && (
        <DataTable<UsageRow>
          label="Evaluations by tenant and app"
          columns={columns}
          data={summary?.usage ?? []}
          isLoading={loading}
          emptyTitle="No evaluations by apps yet"
        />
      )}
    </InfoCard>
  );
};
