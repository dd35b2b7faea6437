import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Box,
  Button,
  ButtonBase,
  makeStyles,
  Paper,
  Typography,
} from '@material-ui/core';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { EmptyState, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';
import { RecordDrawer } from './RecordDrawer';
import { formatTime, OutcomeStatus, SeverityChip } from './RecordStatus';
import { useRootLink } from './links';
import { usePagedRecords } from './usePagedRecords';
import { useSelectedRecord } from './useSelectedRecord';
import { PAGE_SIZE } from './AuditLogPage';
import { BackendErrorPanel } from '@controlplane/frontend-common';

const useStyles = makeStyles(theme => ({
  opposite: { flex: 0.25, whiteSpace: 'nowrap' },
  entry: {
    display: 'block',
    textAlign: 'left',
    width: '100%',
    padding: theme.spacing(1, 2),
  },
}));

const dotColor = (record: AuditRecord) => {
  if (record.outcome === 'failure') return 'secondary';
  return record.severity === 'high' || record.severity === 'critical'
    ? 'primary'
    : 'grey';
};

const TimelineEntry = (props: {
  record: AuditRecord;
  last: boolean;
  onOpen: (id: string) => void;
}) => {
  const classes = useStyles();
  const { record, last } = props;
  return (
    <TimelineItem>
      <TimelineOppositeContent className={classes.opposite}>
        <Typography variant="body2" color="textSecondary">
          {formatTime(record.timestamp)}
        </Typography>
      </TimelineOppositeContent>
      <TimelineSeparator>
        <TimelineDot color={dotColor(record)} />
        {!last && <TimelineConnector />}
      </TimelineSeparator>
      <TimelineContent>
        <Paper variant="outlined">
          <ButtonBase
            className={classes.entry}
            onClick={() => props.onOpen(record.id)}
            aria-label={`${record.action} by ${record.actorId}`}
          >
            <Typography variant="subtitle2">{record.action}</Typography>
            <Typography variant="body2" color="textSecondary">
              by {record.actorId}
              {record.tenant ? ` in ${record.tenant}` : ''}
            </Typography>
            <Box display="flex" alignItems="center" style={{ gap: 8 }} mt={1}>
              <OutcomeStatus outcome={record.outcome} />
              <SeverityChip severity={record.severity} />
            </Box>
          </ButtonBase>
        </Paper>
      </TimelineContent>
    </TimelineItem>
  );
};

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

  return (
    <>
      {paged.loading && <Progress />}
      {paged.error && <BackendErrorPanel error={paged.error} />}
      {!paged.loading && !paged.error && paged.records.length === 0 && (
        <EmptyState
          missing="data"
          title="No history"
          description={`No audit records about ${resourceType} ${resourceId}.`}
        />
      )}
      {paged.records.length > 0 && (
        <Timeline align="left" aria-label="resource timeline">
          {paged.records.map((record, index) => (
            <TimelineEntry
              key={record.id}
              record={record}
              last={index === paged.records.length - 1 && !paged.hasMore}
              onOpen={selected.open}
            />
          ))}
        </Timeline>
      )}
      {paged.hasMore && (
        <Box display="flex" justifyContent="center">
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
    <Box p={3}>
      <Box mb={2}>
        <Link to={root}>← All audit records</Link>
      </Box>
      <Typography variant="h4" component="h2" gutterBottom>
        {resourceType && resourceId
          ? `History of ${resourceType} ${resourceId}`
          : 'History of a resource'}
      </Typography>
      {resourceType && resourceId ? (
        <ResourceTimeline resourceType={resourceType} resourceId={resourceId} />
      ) : (
        <EmptyState
          missing="info"
          title="No resource chosen"
          description="Open a resource from the audit records to see its history."
        />
      )}
    </Box>
  );
};
