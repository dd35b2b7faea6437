import { Box, Button, Typography } from '@material-ui/core';
import { Link, Table, TableColumn } from '@backstage/core-components';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { formatTime, OutcomeStatus, SeverityChip } from './RecordStatus';
import { useResourceLink } from './links';

const stop = (event: { stopPropagation(): void }) => event.stopPropagation();

/** Audit records, newest first; a row opens the record. Read-only. */
export const AuditRecordsTable = (props: {
  title: string;
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
      render: r => formatTime(r.timestamp),
      cellStyle: { whiteSpace: 'nowrap' },
    },
    {
      title: 'Actor',
      field: 'actorId',
      render: r => (
        <>
          {r.actorId}
          <Typography variant="caption" display="block" color="textSecondary">
            {r.actorType}
          </Typography>
        </>
      ),
    },
    { title: 'Action', field: 'action' },
    {
      title: 'Resource',
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
    { title: 'Tenant', field: 'tenant', render: r => r.tenant ?? '' },
    {
      title: 'Outcome',
      field: 'outcome',
      render: r => <OutcomeStatus outcome={r.outcome} />,
    },
    {
      title: 'Severity',
      field: 'severity',
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
      <Table<AuditRecord>
        title={props.title}
        subtitle={props.loading ? undefined : `${shown} records`}
        isLoading={props.loading}
        options={{
          paging: false,
          search: false,
          sorting: false,
          padding: 'dense',
          draggable: false,
        }}
        columns={columns}
        data={records}
        onRowClick={(_event, record) => record && props.onOpen(record.id)}
        emptyContent={
          <Box p={2}>
            <Typography color="textSecondary">{props.emptyMessage}</Typography>
          </Box>
        }
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
