import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Box,
  Button,
  ButtonBase,
  makeStyles,
  Typography,
} from '@material-ui/core';
import { EmptyState, Link, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  EntityName,
  PortalPage,
  useEntityNameText,
} from '@controlplane/frontend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';
import { RecordDrawer } from './RecordDrawer';
import { formatTime, OutcomeStatus, SeverityChip } from './RecordStatus';
import { useRootLink } from './links';
import { usePagedRecords } from './usePagedRecords';
import { useSelectedRecord } from './useSelectedRecord';
import { PAGE_SIZE } from './AuditLogPage';

const useStyles = makeStyles(theme => ({
  entry: {
    display: 'block',
    textAlign: 'left',
    width: '100%',
    padding: theme.spacing(0.5, 0),
  },
}));

/** What happened, by whom: opens the record. */
const TimelineEntry = (props: {
  record: AuditRecord;
  onOpen: (id: string) => void;
}) => {
  const classes = useStyles();
  const { record } = props;
  const actor = useEntityNameText(record.actorId);
  return (
    <ButtonBase
      className={classes.entry}
      onClick={() => props.onOpen(record.id)}
      aria-label={`${record.action} by ${actor}`}
    >
      <Typography variant="subtitle2">{record.action}</Typography>
      <Typography variant="body2" color="textSecondary">
        by <EntityName entityRef={record.actorId} link={false} hideIcon />
        {record.tenant ? ` in ${record.tenant}` : ''}
      </Typography>
    </ButtonBase>
  );
};

/**
 * One resource's records, newest first as the backend pages them (the
 * columns do not re-sort the loaded part); "Load more" appends older ones.
 */
const ResourceTimeline = (props: {
  resourceType: string;
  resourceId: string;
}) => {
  const { resourceType, resourceId } = props;
  const auditApi = useApi(auditApiRef);
  const load = useCallback(
    (cursor?: string) =>
      auditApi.getResourceTimeline(resourceType, resourceId, {
        limit: PAGE_SIZE,
        cursor,
      }),
    [auditApi, resourceType, resourceId],
  );
  const paged = usePagedRecords(load, `${resourceType}\n${resourceId}`);
  const selected = useSelectedRecord(paged.records);

  const columns: TableColumn<AuditRecord>[] = [
    {
      title: 'Time',
      sorting: false,
      render: record => formatTime(record.timestamp),
      cellStyle: { whiteSpace: 'nowrap', verticalAlign: 'top' },
    },
    {
      title: 'Event',
      sorting: false,
      render: record => (
        <TimelineEntry record={record} onOpen={selected.open} />
      ),
    },
    {
      title: 'Outcome',
      sorting: false,
      render: record => <OutcomeStatus outcome={record.outcome} />,
    },
    {
      title: 'Severity',
      sorting: false,
      render: record => <SeverityChip severity={record.severity} />,
    },
  ];

  return (
    <>
      {paged.error && <BackendErrorPanel error={paged.error} />}
      {!(paged.error && paged.records.length === 0) && (
        <DataTable<AuditRecord>
          label="resource timeline"
          columns={columns}
          data={paged.records}
          isLoading={paged.loading}
          emptyTitle="No history"
          emptyDescription={`No audit records about ${resourceType} ${resourceId}.`}
        />
      )}
      {paged.hasMore && (
        <Box display="flex" justifyContent="center" mt={2}>
          <Button
            variant="outlined"
            onClick={paged.loadMore}
            disabled={paged.loadingMore}
          >
            {paged.loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        </Box>
      )}
      <RecordDrawer
        open={Boolean(selected.id)}
        record={selected.record}
        loading={selected.loading}
        error={selected.error}
        onClose={selected.close}
      />
    </>
  );
};

/** The history of one resource: `?type=<resourceType>&id=<resourceId>`. */
export const ResourceTimelinePage = () => {
  const [search] = useSearchParams();
  const root = useRootLink();
  const resourceType = search.get('type') ?? '';
  const resourceId = search.get('id') ?? '';
  return (
    <PortalPage
      title={
        resourceType && resourceId
          ? `History of ${resourceType} ${resourceId}`
          : 'History of a resource'
      }
      headerActions={<Link to={root}>← All audit records</Link>}
    >
      {resourceType && resourceId ? (
        <ResourceTimeline resourceType={resourceType} resourceId={resourceId} />
      ) : (
        <EmptyState
          missing="info"
          title="No resource chosen"
          description="Open a resource from the audit records to see its history."
        />
      )}
    </PortalPage>
  );
};
