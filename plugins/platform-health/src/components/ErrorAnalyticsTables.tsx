import { Box, Grid } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { DataTable, Facts } from '@controlplane/frontend-common';
import { ErrorAnalytics } from '@controlplane/plugin-platform-health-common';
import { count, percent } from './format';
import { appPath } from './links';

type ByType = ErrorAnalytics['by_type'][number];
type ByApp = ErrorAnalytics['by_app'][number];
type ByPlugin = ErrorAnalytics['by_plugin'][number];

const TYPES: Record<ByType['type'], string> = {
  server_error: 'Server errors (5xx)',
  client_error: 'Client errors (4xx)',
  rate_limit: 'Rate limited (429)',
};

const errorsColumn = {
  title: 'Errors',
  field: 'errors',
  type: 'numeric',
  defaultSort: 'desc',
  render: (row: { errors: number }) => count(row.errors),
} as const;

const TYPE_COLUMNS: TableColumn<ByType>[] = [
  { title: 'Type', field: 'type', render: row => TYPES[row.type] ?? row.type },
  {
    title: 'Count',
    field: 'count',
    type: 'numeric',
    defaultSort: 'desc',
    render: row => count(row.count),
  },
  {
    title: 'Share',
    field: 'percentage',
    type: 'numeric',
    render: row => `${count(row.percentage)}%`,
  },
];

const APP_COLUMNS: TableColumn<ByApp>[] = [
  {
    title: 'App',
    field: 'app',
    render: row => <Link to={appPath(row.app)}>{row.app}</Link>,
  },
  errorsColumn,
];

const PLUGIN_COLUMNS: TableColumn<ByPlugin>[] = [
  { title: 'Plugin', field: 'plugin' },
  errorsColumn,
];

/**
 * The failed requests of a period (seed 000 Flow 7.3): how many of all,
 * by type with their share, and the apps and plugins with the most (each
 * app linking to the apps list searched for it).
 */
export const ErrorAnalyticsTables = (props: { analytics: ErrorAnalytics }) => {
  const { analytics } = props;
  const empty = 'No failed requests in this period';
  return (
    <>
      <Facts
        labelWidth={200}
        facts={[
          [
            'Failed requests',
            `${count(analytics.total_errors)} of ${count(
              analytics.total_requests,
            )}`,
          ],
          ['Failure rate (4xx, 5xx)', percent(analytics.error_rate)],
        ]}
      />
      <Box mt={2}>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <DataTable
              label="Errors by type"
              title="By type"
              columns={TYPE_COLUMNS}
              data={analytics.by_type}
              emptyTitle={empty}
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <DataTable
              label="Errors by app"
              title="Apps with the most"
              columns={APP_COLUMNS}
              data={analytics.by_app}
              emptyTitle="No failed requests of apps in this period"
            />
          </Grid>
          <Grid item xs={12} md={4}>
            <DataTable
              label="Errors by plugin"
              title="Plugins with the most"
              columns={PLUGIN_COLUMNS}
              data={analytics.by_plugin}
              emptyTitle={empty}
            />
          </Grid>
        </Grid>
      </Box>
    </>
  );
};
