import { ReactNode } from 'react';
import {
  Box,
  Divider,
  Drawer,
  IconButton,
  makeStyles,
  Typography,
} from '@material-ui/core';
import CloseIcon from '@material-ui/icons/Close';
import { Link, Progress } from '@backstage/core-components';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { MetadataView } from './MetadataView';
import { formatTime, OutcomeStatus, SeverityChip } from './RecordStatus';
import { useResourceLink } from './links';
import { BackendErrorPanel, EntityName } from '@controlplane/frontend-common';

const useStyles = makeStyles(theme => ({
  paper: {
    width: 720,
    maxWidth: '100vw',
    padding: theme.spacing(3),
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, wordBreak: 'break-word' },
  },
  hash: { fontFamily: 'monospace', fontSize: '0.8rem', wordBreak: 'break-all' },
  section: { marginTop: theme.spacing(3) },
}));

const Field = (props: { label: string; children?: ReactNode }) =>
  props.children === undefined || props.children === '' ? null : (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );

const RecordDetails = (props: { record: AuditRecord }) => {
  const classes = useStyles();
  const resourceLink = useResourceLink();
  const { record } = props;
  return (
    <>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={2}>
        <OutcomeStatus outcome={record.outcome} />
        <SeverityChip severity={record.severity} />
      </Box>
      <dl className={classes.fields}>
        <Field label="Time">{formatTime(record.timestamp)}</Field>
        <Field label="Actor">
          <EntityName entityRef={record.actorId} /> ({record.actorType})
        </Field>
        <Field label="Action">
          {record.action}
          {!record.source.startsWith('plugin:') && (
            <>
              {' (from '}
              <EntityName entityRef={record.source} />)
            </>
          )}
        </Field>
        {record.resourceType && record.resourceId ? (
          <Field label="Resource">
            <Link to={resourceLink(record.resourceType, record.resourceId)}>
              {record.resourceType}/{record.resourceId}
            </Link>
          </Field>
        ) : (
          <Field label="Resource">
            {record.resourceType ?? record.resourceId}
          </Field>
        )}
        <Field label="Tenant">{record.tenant}</Field>
        <Field label="Source">{record.source}</Field>
        <Field label="Event ID">{record.eventId}</Field>
        <Field label="Request ID">{record.requestId}</Field>
        <Field label="IP address">{record.ip}</Field>
        <Field label="User agent">{record.userAgent}</Field>
        <Field label="Record ID">{record.id}</Field>
        <Field label="Sequence">{String(record.seq)}</Field>
      </dl>

      <Box className={classes.section}>
        <MetadataView metadata={record.metadata} />
      </Box>

      <Box className={classes.section}>
        <Typography variant="h6" component="h3" gutterBottom>
          Hash chain
        </Typography>
        <dl className={classes.fields}>
          <dt>Hash</dt>
          <dd className={classes.hash}>{record.hash}</dd>
          <dt>Previous hash</dt>
          <dd className={classes.hash}>{record.prevHash}</dd>
          {record.contentHash && (
            <>
              <dt>Content hash</dt>
              <dd className={classes.hash}>{record.contentHash}</dd>
            </>
          )}
          {record.metadataHash && (
            <>
              <dt>Metadata hash</dt>
              <dd className={classes.hash}>{record.metadataHash}</dd>
            </>
          )}
        </dl>
      </Box>
    </>
  );
};

/** All of one audit record, read-only, in a drawer on the right. */
export const RecordDrawer = (props: {
  open: boolean;
  record?: AuditRecord;
  loading?: boolean;
  error?: Error;
  onClose: () => void;
}) => {
  const classes = useStyles();
  const { open, record, loading, error, onClose } = props;
  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      classes={{ paper: classes.paper }}
      PaperProps={
        {
          role: 'dialog',
          'aria-labelledby': 'audit-record-title',
        } as object
      }
    >
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="h5" component="h2" id="audit-record-title">
          {record ? `Audit record: ${record.action}` : 'Audit record'}
        </Typography>
        <IconButton aria-label="Close" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Box>
      <Divider style={{ marginBottom: 16 }} />
      {loading && <Progress />}
      {error && <BackendErrorPanel error={error} />}
      {record && <RecordDetails record={record} />}
    </Drawer>
  );
};
