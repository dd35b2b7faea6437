import { Grid } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { DataTable, formatTime } from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { count, percent } from './format';
import { TenantLink } from './TenantLink';

type TopLists = PlatformOverview['top_lists'];
type Row<K extends keyof TopLists> = TopLists[K][number];

const REASONS: Record<Row<'at_risk_tenants'>['reasons'][number], string> = {
  'failure-rate': 'failure rate',
  drift: 'drift',
  'credential-failures': 'credential failures',
};

const tenantColumn = <T extends { tenant: string }>(): TableColumn<T> => ({
  title: 'Tenant',
  field: 'tenant',
  render: row => <TenantLink tenant={row.tenant} />,
});

const lastAt = (iso: string | null) => (iso ? formatTime(iso) : '—');

/** The columns of each top-10 table; each sorted by its primary metric. */
export const COLUMNS = {
  at_risk_tenants: [
    tenantColumn(),
    {
      title: 'Reasons',
      field: 'reasons',
      customSort: (a, b) => a.reasons.length - b.reasons.length,
      defaultSort: 'desc',
      render: row => row.reasons.map(r => REASONS[r]).join(', '),
    },
  ] as TableColumn<Row<'at_risk_tenants'>>[],
  tenants_by_fail_rate_24h: [
    tenantColumn(),
    {
      title: 'Failure rate',
      field: 'failure_rate',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => percent(row.failure_rate),
    },
    { title: 'Failures', field: 'failures', type: 'numeric' },
    { title: 'Executions', field: 'total', type: 'numeric' },
  ] as TableColumn<Row<'tenants_by_fail_rate_24h'>>[],
  tenants_by_executions_24h: [
    tenantColumn(),
    {
      title: 'Executions 24h',
      field: 'executions_24h',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => count(row.executions_24h),
    },
    {
      title: 'Executions 7d',
      field: 'executions_7d',
      type: 'numeric',
      render: row => count(row.executions_7d),
    },
  ] as TableColumn<Row<'tenants_by_executions_24h'>>[],
  tenants_with_drift_7d: [
    tenantColumn(),
    {
      title: 'Detections',
      field: 'detections',
      type: 'numeric',
      defaultSort: 'desc',
    },
    { title: 'Environments', field: 'environments', type: 'numeric' },
    { title: 'Drifted now', field: 'drifted_now', type: 'numeric' },
    {
      title: 'Last detected',
      field: 'last_detected_at',
      render: row => lastAt(row.last_detected_at),
    },
  ] as TableColumn<Row<'tenants_with_drift_7d'>>[],
  tenants_with_credential_issues_7d: [
    tenantColumn(),
    {
      title: 'Failures',
      field: 'failures',
      type: 'numeric',
      defaultSort: 'desc',
    },
    {
      title: 'Failing credentials',
      field: 'failing_credentials',
      type: 'numeric',
    },
    {
      title: 'Last failure',
      field: 'last_failure_at',
      render: row => lastAt(row.last_failure_at),
    },
  ] as TableColumn<Row<'tenants_with_credential_issues_7d'>>[],
};

const TABLES = [
  ['at_risk_tenants', 'At-risk tenants', 'No tenant at risk'],
  [
    'tenants_by_fail_rate_24h',
    'Top tenants by failure rate (24h)',
    'No failed executions in 24 hours',
  ],
  [
    'tenants_by_executions_24h',
    'Top tenants by executions (24h)',
    'No executions in 24 hours',
  ],
  [
    'tenants_with_drift_7d',
    'Top tenants with drift (7d)',
    'No drift in 7 days',
  ],
  [
    'tenants_with_credential_issues_7d',
    'Top tenants with credential issues (7d)',
    'No credential failures in 7 days',
  ],
] as const;

/** The top-10 outlier tables; each tenant links to its health page. */
export const OutlierTables = (props: { lists: TopLists }) => (
  <Grid container spacing={3}>
    {TABLES.map(([key, label, empty]) => (
      <Grid item xs={12} md={6} key={key}>
        <DataTable<any>
          label={label}
          title={label}
          columns={COLUMNS[key]}
          data={props.lists[key] ?? []}
          emptyTitle={empty}
        />
      </Grid>
    ))}
  </Grid>
);
