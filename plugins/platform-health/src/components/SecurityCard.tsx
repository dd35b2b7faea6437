import { Link, TableColumn } from '@backstage/core-components';
import {
  EntityName,
  Facts,
  formatTime,
  Fact,
} from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { count } from './format';
import { auditRecordPath, PAGES } from './links';
import { Widget, WidgetTable } from './Widget';

type Activity = PlatformOverview['top_lists']['recent_admin_activity'][number];

const target = (row: Activity) =>
  [row.resourceType, row.resourceId].filter(Boolean).join(' ') || '—';

const activityColumns: TableColumn<Activity>[] = [
  {
    title: 'When',
    field: 'timestamp',
    defaultSort: 'desc',
    render: row => (
      <Link to={auditRecordPath(row)}>{formatTime(row.timestamp)}</Link>
    ),
  },
  {
    title: 'Actor',
    field: 'actorId',
    render: row => (row.actorId ? <EntityName entityRef={row.actorId} /> : '—'),
  },
  { title: 'Action', field: 'action' },
  { title: 'Target', field: 'resourceId', render: target },
  { title: 'Tenant', field: 'tenant', render: row => row.tenant ?? '—' },
  { title: 'Outcome', field: 'outcome' },
];

/**
 * Security and admin activity: impersonations (active, 24 h), privileged
 * actions in 24 h and the recent ones, each → the audit trail with the
 * record open.
 */
export const SecurityCard = (props: {
  overview: PlatformOverview;
  /** Its drill-down: the audit trail unless given (filtered to a tenant). */
  auditLink?: string;
}) => {
  const { security } = props.overview;
  const figures = [
    ['Impersonations active', security.impersonations_active],
    ['Impersonations 24h', security.impersonations_24h],
    ['Admin actions 24h', security.admin_actions_24h],
  ] as const;
  return (
    <Widget
      title="Security"
      link={{ to: props.auditLink ?? PAGES.audit, label: 'Audit trail' }}
    >
      <Facts
        facts={figures.flatMap(([label, value]) =>
          value === undefined ? [] : [[label, count(value)] as Fact],
        )}
      />
      <WidgetTable
        label="Recent admin activity"
        columns={activityColumns}
        data={props.overview.top_lists.recent_admin_activity}
        emptyTitle="No privileged actions recorded"
      />
    </Widget>
  );
};
