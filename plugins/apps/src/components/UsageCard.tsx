import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Grid, Typography } from '@material-ui/core';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { InfoCard, Progress, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  SelectField,
} from '@controlplane/frontend-common';
import {
  AppCredential,
  appsUsageReadPermission,
  CredentialUsage,
  ManagedApp,
  USAGE_PERIODS,
  UsagePeriod,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { formatTime, useAppPermission } from './common';

const PERIOD_LABELS: Record<UsagePeriod, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
};

const Total = (props: { label: string; value: string }) => (
  <Grid item xs={6} sm>
    <Typography variant="body2" color="textSecondary">
      {props.label}
    </Typography>
    <Typography variant="h5" component="p" aria-label={props.label}>
      {props.value}
    </Typography>
  </Grid>
);

const number = (value: number) => value.toLocaleString('en-US');

/** The height of the chart of requests per day, in pixels. */
const CHART_HEIGHT = 260;

/**
 * Requests per day, stacked by outcome. As in the totals, the API counts the
 * rate-limited requests among the failed ones; the chart stacks them apart.
 */
const UsageChart = (props: { usage: CredentialUsage }) => {
  const theme = useTheme();
  if (props.usage.by_day.length === 0) return null;
  const days = props.usage.by_day.map(day => ({
    day: day.day,
    successful: day.successful,
    failed: Math.max(0, day.failed - day.rate_limited),
    rate_limited: day.rate_limited,
  }));
  // The height is fixed; only the width follows the card. Given as a number,
  // the chart never has to measure it (jsdom, without layout, measures 0).
  return (
    <Box mt={2} aria-label="Requests per day">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={days}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="day" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          <Bar
            dataKey="successful"
            name="Successful"
            stackId="requests"
            fill={theme.palette.success?.main ?? '#4caf50'}
          />
          <Bar
            dataKey="failed"
            name="Failed (not rate limited)"
            stackId="requests"
            fill={theme.palette.error.main}
          />
          <Bar
            dataKey="rate_limited"
            name="Rate limited"
            stackId="requests"
            fill={theme.palette.warning?.main ?? '#ff9800'}
          />
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
};

type EndpointUsage = CredentialUsage['by_endpoint'][number];

const ENDPOINT_COLUMNS: TableColumn<EndpointUsage>[] = [
  {
    title: 'Endpoint',
    field: 'endpoint',
    render: row => <code>{row.endpoint}</code>,
  },
  {
    title: 'Requests',
    field: 'count',
    type: 'numeric',
    render: row => number(row.count),
  },
];

const UsageView = (props: { usage: CredentialUsage }) => {
  const { usage } = props;
  return (
    <>
      <Grid container spacing={2} aria-label="Usage totals">
        <Total
          label="Total requests"
          value={number(usage.usage.total_requests)}
        />
        <Total
          label="Successful"
          value={number(usage.usage.successful_requests)}
        />
        <Total
          label="Failed (incl. rate limited)"
          value={number(usage.usage.failed_requests)}
        />
        <Total label="Rate limited" value={number(usage.usage.rate_limited)} />
        <Total label="Last used" value={formatTime(usage.last_used_at)} />
      </Grid>
      {usage.usage.total_requests === 0 ? (
        <Box mt={2}>
          <em>No requests with this credential in this period.</em>
        </Box>
      ) : (
        <>
          <UsageChart usage={usage} />
          <Box mt={2}>
            <DataTable
              label="Requests by endpoint"
              columns={ENDPOINT_COLUMNS}
              data={usage.by_endpoint}
              emptyTitle="No requests by endpoint."
            />
          </Box>
        </>
      )}
    </>
  );
};

/** Usage of one of the app's credentials over a period; with apps.usage.read. */
export const UsageCard = (props: {
  app: ManagedApp;
  credentials?: AppCredential[];
}) => {
  const api = useApi(appsApiRef);
  const canRead = useAppPermission(appsUsageReadPermission, props.app.id);
  const credentials = props.credentials ?? [];
  const [credentialId, setCredentialId] = useState<string>();
  const [period, setPeriod] = useState<UsagePeriod>('30d');
  // The first credential until one is chosen, and again if it disappears.
  const selected =
    credentials.find(c => c.id === credentialId)?.id ?? credentials[0]?.id;
  const { value, loading, error } = useAsync(
    async () =>
      selected && canRead ? api.getUsage(selected, period) : undefined,
    [api, selected, period, canRead],
  );
  if (!canRead) return null;

  return (
    <InfoCard title="Usage">
      {!props.credentials && <Progress />}
      {props.credentials && credentials.length === 0 && (
        <em>No credentials: usage appears once the app has one.</em>
      )}
      {credentials.length > 0 && (
        <>
          <Grid container spacing={2}>
            <Grid item xs={12} sm={8}>
              <SelectField
                id="apps-usage-credential"
                label="Credential"
                value={selected!}
                options={credentials.map(c => c.id)}
                optionLabel={id => {
                  const credential = credentials.find(c => c.id === id);
                  return credential
                    ? `${credential.name} (${credential.prefix}, ${credential.status})`
                    : id;
                }}
                onChange={setCredentialId}
              />
            </Grid>
            <Grid item xs={12} sm={4}>
              <SelectField
                id="apps-usage-period"
                label="Period"
                value={period}
                options={USAGE_PERIODS}
                optionLabel={p => PERIOD_LABELS[p]}
                onChange={setPeriod}
              />
            </Grid>
          </Grid>
          {error && <BackendErrorPanel error={error} />}
          {loading && <Progress />}
          {value && !loading && <UsageView usage={value} />}
        </>
      )}
    </InfoCard>
  );
};
