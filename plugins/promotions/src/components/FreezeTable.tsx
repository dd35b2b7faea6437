import { useMemo } from 'react';
import { Chip } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import {
  DataTable,
  EntityName,
  formatTime,
} from '@controlplane/frontend-common';
import { Freeze } from '@controlplane/plugin-promotions-common';

const columns = (
  action?: (freeze: Freeze) => JSX.Element | null,
): TableColumn<Freeze>[] => [
  { title: 'Environment', field: 'environment' },
  { title: 'Tenant', render: f => f.tenant ?? 'all' },
  {
    title: 'Target',
    render: f => (f.target ? <EntityName entityRef={f.target} /> : 'all'),
  },
  {
    title: 'Source',
    render: f => (
      <Chip
        size="small"
        variant="outlined"
        color={f.source === 'incident' ? 'secondary' : 'default'}
        label={f.incidentId ? `${f.source} ${f.incidentId}` : f.source}
      />
    ),
  },
  { title: 'Reason', field: 'reason' },
  { title: 'Starts', render: f => formatTime(f.startsAt) },
  {
    title: 'Ends',
    render: f => (f.endsAt ? formatTime(f.endsAt) : 'when resolved'),
  },
  {
    title: 'State',
    render: f => {
      if (f.liftedAt) {
        return f.liftedBy ? (
          <>
            lifted by <EntityName entityRef={f.liftedBy} />
          </>
        ) : (
          'lifted'
        );
      }
      return f.active ? 'active' : 'scheduled';
    },
  },
  { title: 'By', render: f => <EntityName entityRef={f.createdBy} /> },
  ...(action ? [{ title: 'Actions', render: action }] : []),
];

/** Freezes with where they apply, their source (maintenance or incident) and state. */
export const FreezeTable = (props: {
  label: string;
  freezes: Freeze[];
  loading?: boolean;
  /** An action per row, e.g. "Lift". */
  action?: (freeze: Freeze) => JSX.Element | null;
}) => {
  const { action } = props;
  const tableColumns = useMemo(() => columns(action), [action]);
  return (
    <DataTable<Freeze>
      label={props.label}
      title={props.label}
      columns={tableColumns}
      data={props.freezes}
      isLoading={props.loading}
      emptyTitle="No freezes"
    />
  );
};
