import { useMemo } from 'react';
import { Link, TableColumn } from '@backstage/core-components';
import {
  DataTable,
  EntityName,
  formatAge,
  formatTime,
} from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';
import { PriorityChip, SeverityChip, StatusChip } from './chips';
import { incidentPath, useIncidentsRoot } from './links';

const columns = (root: string): TableColumn<Incident>[] => [
  {
    title: 'Age',
    render: i => (
      <span title={`Opened ${formatTime(i.openedAt)}`}>
        {formatAge(i.openedAt)}
      </span>
    ),
  },
  { title: 'Severity', render: i => <SeverityChip severity={i.severity} /> },
  { title: 'Priority', render: i => <PriorityChip priority={i.priority} /> },
  {
    title: 'Title',
    render: i => (
      <Link to={incidentPath(root, i.id)} aria-label={`Incident ${i.title}`}>
        {i.title}
      </Link>
    ),
  },
  { title: 'Status', render: i => <StatusChip status={i.status} /> },
  { title: 'Category', field: 'category' },
  { title: 'Tenant', render: i => i.tenant ?? 'platform' },
  {
    title: 'Assignee',
    render: i =>
      i.assignee ? <EntityName entityRef={i.assignee} /> : 'unassigned',
  },
];

/**
 * Incidents in a table, each linked to its page: how long ago it opened,
 * severity, priority, title, status, category, tenant and assignee.
 */
export const IncidentTable = (props: {
  label: string;
  incidents: Incident[];
  loading?: boolean;
  emptyTitle: string;
}) => {
  const root = useIncidentsRoot();
  const tableColumns = useMemo(() => columns(root), [root]);
  return (
    <DataTable<Incident>
      label={props.label}
      columns={tableColumns}
      data={props.incidents}
      isLoading={props.loading}
      emptyTitle={props.emptyTitle}
    />
  );
};
