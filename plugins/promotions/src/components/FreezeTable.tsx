import { useMemo } from 'react';
import { Chip } from '@material-ui/core';
import { TableColumn } from '@backstage/core-components';
import { DataTable, formatTime, shortRef } from '@controlplane/frontend-common';
import { Freeze } from '@controlplane/plugin-promotions-common';

const columns = (
  action?: (freeze: Freeze) => JSX.Element | null,
): TableColumn<Freeze>[] => [
  { title: 'Environment', field: 'environment' },
  { title: 'Tenant', render: f => f.tenant ?? 'all' },
  { title: 'Target', render: f => (f.target ? shortRef(f.target) : 'all') },
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
      if (f.liftedAt) return `lifted by ${shortRef(f.liftedBy ?? '')}`;
      return f.active ? 'active' : 'scheduled';
    },
  },
  { title: 'By', render: f => shortRef(f.createdBy) },
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
