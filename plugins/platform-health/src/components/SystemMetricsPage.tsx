import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CsvColumn,
  DataTable,
  DownloadCsvButton,
  PortalPage,
  useUrlParams,
} from '@controlplane/frontend-common';
import { RequestMetricsGroup } from '@controlplane/plugin-platform-health-common';
import { platformHealthApiRef, RequestMetricsQuery } from '../api';
import { Choice, pick } from './Choice';
import { count, millis, percent } from './format';
import { metricsPath, usePlatformRoot } from './links';
import { TenantLink } from './TenantLink';

type Window = NonNullable<RequestMetricsQuery['window']>;
type GroupBy = NonNullable<RequestMetricsQuery['by']>;

const WINDOWS: Window[] = ['1h', '24h'];
const GROUPINGS: GroupBy[] = ['plugin', 'route', 'tenant', 'app'];

/** The name of a group: its plugin, route, tenant or app. */
const groupName = (group: RequestMetricsGroup, by: GroupBy) => {
  if (by === 'plugin') return group.plugin;
  return group[by] || '(none)';
};

const figureColumns: TableColumn<RequestMetricsGroup>[] = [
  {
    title: 'Requests',
    field: 'requests',
    type: 'numeric',
    defaultSort: 'desc',
    render: g => count(g.requests),
  },
  {
    title: 'Per minute',
    field: 'ratePerMinute',
    type: 'numeric',
    render: g => count(g.ratePerMinute),
  },
  { title: '5xx', field: 'errors', type: 'numeric' },
  {
    title: '5xx ratio',
    field: 'errorRatio',
    type: 'numeric',
    render: g => percent(g.errorRatio),
  },
  {
    title: 'p50',
    field: 'p50Ms',
    type: 'numeric',
    render: g => millis(g.p50Ms),
  },
  {
    title: 'p95',
    field: 'p95Ms',
    type: 'numeric',
    render: g => millis(g.p95Ms),
  },
];

function columnsFor(by: GroupBy): TableColumn<RequestMetricsGroup>[] {
  const name: TableColumn<RequestMetricsGroup> = {
    title: { plugin: 'Plugin', route: 'Route', tenant: 'Tenant', app: 'App' }[
      by
    ],
    field: by,
    render: g =>
      by === 'tenant' && g.tenant ? (
        <TenantLink tenant={g.tenant} />
      ) : (
        groupName(g, by)
      ),
  };
  const plugin: TableColumn<RequestMetricsGroup> = {
    title: 'Plugin',
    field: 'plugin',
  };
  return by === 'plugin'
    ? [name, ...figureColumns]
    : [name, plugin, ...figureColumns];
}

const csvColumns = (by: GroupBy): CsvColumn<RequestMetricsGroup>[] => [
  { title: by, value: g => groupName(g, by) },
  { title: 'plugin', value: g => g.plugin },
  { title: 'requests', value: g => g.requests },
  { title: 'per_minute', value: g => g.ratePerMinute },
  { title: 'errors_5xx', value: g => g.errors },
  { title: 'error_ratio', value: g => g.errorRatio },
  { title: 'p50_ms', value: g => g.p50Ms },
  { title: 'p95_ms', value: g => g.p95Ms },
];

/**
 * The request metrics at `/platform/system`: rate, 5xx ratio and p50 / p95
 * per plugin, route, tenant or app over the last hour or day, busiest first
 * (the window and grouping are kept in the URL).
 */
export const SystemMetricsPage = () => {
  const api = useApi(platformHealthApiRef);
  const root = usePlatformRoot();
  const { params, update } = useUrlParams();
  const window = pick(WINDOWS, params.get('window'), '1h');
  const by = pick(GROUPINGS, params.get('by'), 'plugin');
  const { value, loading, error } = useAsync(
    () => api.requestMetrics({ window, by }),
    [api, window, by],
  );
  const columns = useMemo(() => columnsFor(by), [by]);
  const report = value?.window === window ? value : undefined;
  const totals = report?.totals;
  return (
    <PortalPage
      title="System metrics"
      subtitle="Requests to the portal's plugins: rate, 5xx ratio and latency"
      headerActions={
        <DownloadCsvButton
          filename={`requests-by-${by}-${window}.csv`}
          columns={csvColumns(by)}
          rows={report?.groups ?? []}
        />
      }
    >
      <Box mb={1} display="flex" style={{ gap: 16 }}>
        <Link to={root}>Platform dashboard</Link>
        <Link to={metricsPath(root)}>Executive metrics</Link>
      </Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <Choice
          label="Window"
          values={WINDOWS}
          value={window}
          onChange={v => update({ window: v })}
        />
        <Choice
          label="Group by"
          values={GROUPINGS}
          value={by}
          onChange={v => update({ by: v })}
        />
      </Box>
      {error && <BackendErrorPanel error={error} />}
      {totals && (
        <Box mb={2}>
          <Typography variant="body2" aria-label="Totals">
            {count(totals.requests)} requests ({count(totals.ratePerMinute)} per
            minute), 5xx {percent(totals.errorRatio)}, p50{' '}
            {millis(totals.p50Ms)}, p95 {millis(totals.p95Ms)}
          </Typography>
        </Box>
      )}
      <DataTable
        key={by}
        label="Request metrics"
        columns={columns}
        data={loading ? [] : value?.groups ?? []}
        isLoading={loading}
        emptyTitle="No requests in this window"
        pageSize={20}
      />
    </PortalPage>
  );
};
