import { Link, TableColumn } from '@backstage/core-components';
import {
  Facts,
  formatAge,
  formatTime,
  Fact,
} from '@controlplane/frontend-common';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { count } from './format';
import { incidentPath, PAGES } from './links';
import { Widget, WidgetTable } from './Widget';

type OpenIncident = PlatformOverview['top_lists']['open_incidents'][number];

const queueColumns: TableColumn<OpenIncident>[] = [
  { title: 'Severity', field: 'severity', defaultSort: 'asc' },
  {
    title: 'Incident',
    field: 'title',
    render: row => <Link to={incidentPath(row.id)}>{row.title}</Link>,
  },
  { title: 'Tenant', field: 'tenant', render: row => row.tenant ?? '—' },
  { title: 'Status', field: 'status' },
  {
    title: 'Age',
    field: 'openedAt',
    customSort: (a, b) => b.openedAt.localeCompare(a.openedAt),
    render: row => formatAge(row.openedAt),
  },
  {
    title: 'Updated',
    field: 'updatedAt',
    render: row => formatTime(row.updatedAt),
  },
];

/**
 * Incidents and support triage: open incidents by severity and the queue,
 * each → its incident page; nothing without the incidents plugin.
 */
export const IncidentsCard = (props: {
  overview: PlatformOverview;
  /** Its drill-down: the incidents queue unless given (filtered to a tenant). */
  queueLink?: string;
}) => {
  const { incidents } = props.overview;
  if (!incidents) return null;
  return (
    <Widget
      title="Incidents"
      link={{ to: props.queueLink ?? PAGES.incidents, label: 'Incidents' }}
    >
      <Facts
        facts={[
          ['Open', count(incidents.open)],
          ...Object.entries(incidents.by_severity).map(
            ([severity, open]) => [severity, count(open)] as Fact,
          ),
        ]}
      />
      <WidgetTable
        label="Incident queue"
        columns={queueColumns}
        data={props.overview.top_lists.open_incidents}
        emptyTitle="No open incidents"
      />
    </Widget>
  );
};
