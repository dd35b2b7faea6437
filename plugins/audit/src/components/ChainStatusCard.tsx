import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Box,
  Button,
  makeStyles,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { BackendErrorPanel } from '@controlplane/frontend-common';
import {
  auditChainAcknowledgePermission,
  auditChainVerifyPermission,
  BrokenRange,
  VerifyReport,
} from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';
import { formatTime } from './RecordStatus';

const useStyles = makeStyles(theme => ({
  broken: { color: theme.palette.error.main },
  hash: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const ANCHORS: Record<VerifyReport['anchor']['status'], string> = {
  genesis: 'from the first record',
  'checkpoint-verified': 'from a verified retention checkpoint',
  'checkpoint-missing': 'from a retention cut whose checkpoint is missing',
  'checkpoint-invalid': 'from a retention cut whose checkpoint is invalid',
};

const rangeName = (range: BrokenRange) =>
  range.fromSeq === range.toSeq
    ? `#${range.fromSeq}`
    : `#${range.fromSeq} to #${range.toSeq}`;

/** Acknowledges one broken range with a reason (audit.chain.acknowledge). */
const AcknowledgeRange = (props: {
  range: BrokenRange;
  onDone: () => void;
}) => {
  const auditApi = useApi(auditApiRef);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error>();
  const [saving, setSaving] = useState(false);
  const { fromSeq, toSeq } = props.range;
  const submit = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await auditApi.acknowledgeBrokenRange({ fromSeq, toSeq, reason });
      props.onDone();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Box display="flex" alignItems="center" mt={1}>
      <TextField
        size="small"
        id={`acknowledge-reason-${fromSeq}`}
        label={`Reason for ${rangeName(props.range)}`}
        value={reason}
        inputProps={{ maxLength: 2000 }}
        onChange={e => setReason(e.target.value)}
      />
      <Button
        size="small"
        disabled={saving || reason.trim() === ''}
        onClick={submit}
      >
        Acknowledge
      </Button>
      {error && <BackendErrorPanel error={error} />}
    </Box>
  );
};

/** Every broken range, acknowledged or not. */
const BrokenRanges = (props: {
  result: VerifyReport;
  onChanged: () => void;
}) => {
  const { allowed: mayAcknowledge } = usePermission({
    permission: auditChainAcknowledgePermission,
  });
  const ranges = props.result.brokenRanges ?? [];
  if (ranges.length === 0) return null;
  return (
    <Box mt={1}>
      <Typography variant="body2">Broken ranges:</Typography>
      <ul aria-label="broken ranges">
        {ranges.map(range => (
          <li key={range.fromSeq}>
            <Typography variant="body2">
              {rangeName(range)}: {range.reasons.join(', ')}
              {range.acknowledged ? ' (acknowledged)' : ''}
            </Typography>
            {!range.acknowledged && mayAcknowledge && (
              <AcknowledgeRange range={range} onDone={props.onChanged} />
            )}
          </li>
        ))}
      </ul>
      {props.result.brokenRangesTruncated && (
        <Typography variant="body2">
          More ranges are broken than listed.
        </Typography>
      )}
    </Box>
  );
};

const Broken = (props: {
  result: VerifyReport;
  onOpenRecord: (id: string) => void;
}) => {
  const classes = useStyles();
  const { firstBroken, checkpoints, checked } = props.result;
  const brokenId = firstBroken?.id;
  return (
    <Box className={classes.broken} role="alert">
      <Typography>
        <StatusError>Chain broken</StatusError>
      </Typography>
      {firstBroken && (
        <Typography variant="body2" className={classes.broken}>
          First broken link at record #{firstBroken.seq}
          {brokenId ? ` (${brokenId})` : ''}: {firstBroken.reason}
          {brokenId && (
            <Button
              size="small"
              className={classes.broken}
              onClick={() => props.onOpenRecord(brokenId)}
            >
              Open record
            </Button>
          )}
        </Typography>
      )}
      {props.result.acknowledgements?.firstInvalid && (
        <Typography variant="body2" className={classes.broken}>
          {plural(props.result.acknowledgements.invalid, 'acknowledgement')}{' '}
          with a bad signature, the first{' '}
          {props.result.acknowledgements.firstInvalid.id}
        </Typography>
      )}
      {checkpoints.firstInvalid && (
        <Typography variant="body2" className={classes.broken}>
          First invalid checkpoint at #{checkpoints.firstInvalid.seq}:{' '}
          {checkpoints.firstInvalid.reason}
        </Typography>
      )}
      <Typography variant="body2" className={classes.broken}>
        {plural(checked, 'record')} checked.
      </Typography>
    </Box>
  );
};

const Intact = (props: { result: VerifyReport }) => {
  const { checked, contentPurged, anchor, checkpoints } = props.result;
  const acknowledged = props.result.brokenRanges?.length ?? 0;
  const details = [
    ANCHORS[anchor.status],
    acknowledged
      ? `${plural(acknowledged, 'broken range')} acknowledged`
      : undefined,
    contentPurged ? `${contentPurged} past retention (links only)` : undefined,
    `${plural(checkpoints.checked, 'checkpoint')} verified`,
  ].filter(Boolean);
  return (
    <>
      <Typography>
        <StatusOK>Chain intact: {plural(checked, 'record')} verified</StatusOK>
      </Typography>
      {details.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {details.join(' · ')}
        </Typography>
      )}
    </>
  );
};

/** The newest signed checkpoint and whether the signing key survives restarts. */
const LatestCheckpoint = () => {
  const classes = useStyles();
  const auditApi = useApi(auditApiRef);
  const { value } = useAsync(
    () => auditApi.listCheckpoints({ limit: 1 }),
    [auditApi],
  );
  if (!value) return null;
  const [latest] = value.checkpoints;
  return (
    <Box mt={2}>
      {latest ? (
        <Typography variant="body2" color="textSecondary">
          Latest signed checkpoint: record #{latest.seq},{' '}
          {formatTime(latest.createdAt)} (key {latest.keyId}), hash{' '}
          <span className={classes.hash}>{latest.hash}</span>
        </Typography>
      ) : (
        <Typography variant="body2" color="textSecondary">
          No signed checkpoint yet.
        </Typography>
      )}
      {value.signingKey.ephemeral && (
        <Typography variant="body2">
          <StatusWarning>
            The signing key is ephemeral (made at start): set audit.signingKey
            to keep checkpoints verifiable.
          </StatusWarning>
        </Typography>
      )}
    </Box>
  );
};

/** A verification of the chain and when its answer came. */
export interface ChainVerificationState {
  value?: { report: VerifyReport; verifiedAt: string };
  loading: boolean;
  error?: Error;
  /** Verifies again. */
  retry: () => void;
}

/** Walks the chain (`GET /verify`) once, and again on `retry`. */
export function useChainVerification(): ChainVerificationState {
  const auditApi = useApi(auditApiRef);
  return useAsyncRetry(async () => {
    const report = await auditApi.verifyChain();
    return { report, verifiedAt: new Date().toISOString() };
  }, [auditApi]);
}

/**
 * The result of a verification: intact or where it broke, the broken
 * ranges (acknowledged or to acknowledge) and the latest signed checkpoint.
 * The audit page's card and the home page's show the same.
 */
export const ChainVerification = (props: {
  verification: ChainVerificationState;
  onOpenRecord: (id: string) => void;
}) => {
  const { value, loading, error, retry } = props.verification;
  const report = loading ? undefined : value?.report;
  return (
    <>
      {loading && <Progress />}
      {error && <BackendErrorPanel error={error} />}
      {report &&
        (report.ok ? (
          <Intact result={report} />
        ) : (
          <Broken result={report} onOpenRecord={props.onOpenRecord} />
        ))}
      {report && <BrokenRanges result={report} onChanged={retry} />}
      <LatestCheckpoint />
    </>
  );
};

const ChainStatus = (props: { onOpenRecord: (id: string) => void }) => {
  const verification = useChainVerification();
  return (
    <InfoCard
      title="Hash chain"
      subheader="Every record's hash covers its content and the previous record's hash."
      action={
        <Button
          size="small"
          onClick={verification.retry}
          disabled={verification.loading}
        >
          Verify again
        </Button>
      }
    >
      <ChainVerification
        verification={verification}
        onOpenRecord={props.onOpenRecord}
      />
    </InfoCard>
  );
};

/** The integrity of the audit trail, for users with audit.chain.verify. */
export const ChainStatusCard = (props: {
  onOpenRecord: (id: string) => void;
}) => {
  const { allowed } = usePermission({
    permission: auditChainVerifyPermission,
  });
  return allowed ? <ChainStatus onOpenRecord={props.onOpenRecord} /> : null;
};
