import { Box, Button, Typography } from '@material-ui/core';
import { Link, TableColumn } from '@backstage/core-components';
import { DataTable, EntityName } from '@controlplane/frontend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { formatTime, OutcomeStatus, SeverityChip } from './RecordStatus';
import { useResourceLink } from './links';

const stop = (event: { stopPropagation(): void }) => event.stopPropagation();

/**
 * Audit records in the order the backend pages them (newest first), so the
 * columns do not sort the loaded part on their own; a row opens the record,
 * "Load more" appends the next page. Read-only.
 */
export const AuditRecordsTable = (props: {
  /** The table's accessible name. */
  label: string;
  records: AuditRecord[];
  total?: number;
  loading?: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOpen: (id: string) => void;
  emptyMessage: string;
}) => {
  const resourceLink = useResourceLink();
  const columns: TableColumn<AuditRecord>[] = [
    {
      title: 'Time',
      field: 'timestamp',
      sorting: false,
      render: r => formatTime(r.timestamp),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Actor',
      field: 'actorId',
      sorting: false,
      render: r => (
        <>
          <EntityName entityRef={r.actorId} onClick={stop} />
          <Typography variant="caption" display="block" color="textSecondary">
            {r.actorType}
          </Typography>
        </>
      ),
    },
    {
      title: 'Action',
      field: 'action',
      sorting: false,
      // Events of apps and other backends name their source, so that an
      // app's `rbac.role-grant` never reads as the portal's own.
      render: r => (
        <>
          {r.action}
          {!r.source.startsWith('plugin:') && (
            <Typography variant="caption" display="block" color="textSecondary">
              from <EntityName entityRef={r.source} onClick={stop} />
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Resource',
      sorting: false,
      render: r =>
        r.resourceType && r.resourceId ? (
          <Link
            to={resourceLink(r.resourceType, r.resourceId)}
            onClick={stop}
            aria-label={`timeline of ${r.resourceType} ${r.resourceId}`}
          >
            {r.resourceType}/{r.resourceId}
          </Link>
        ) : (
          r.resourceType ?? r.resourceId ?? ''
        ),
    },
    {
      title: 'Tenant',
      field: 'tenant',
      sorting: false,
      render: r => r.tenant ?? '',
    },
    {
      title: 'Outcome',
      field: 'outcome',
      sorting: false,
      render: r => <OutcomeStatus outcome={r.outcome} />,
    },
    {
      title: 'Severity',
      field: 'severity',
      sorting: false,
      render: r => <SeverityChip severity={r.severity} />,
    },
  ];

  const { records, total, hasMore, loadingMore } = props;
  const shown =
    total !== undefined
      ? `${records.length} of ${total}`
      : `${records.length}${hasMore ? '+' : ''}`;
  return (
    <>
      <DataTable<AuditRecord>
        label={props.label}
        title={props.loading ? 'Records' : `${shown} records`}
        isLoading={props.loading}
        columns={columns}
        data={records}
        onRowClick={(_event, record) => record && props.onOpen(record.id)}
        emptyTitle={props.emptyMessage}
      />
      {hasMore && (
        <Box display="flex" justifyContent="center" mt={2}>
          <Button
            variant="outlined"
            onClick={props.onLoadMore}
            disabled={loadingMore}
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
    </>
  );
};
