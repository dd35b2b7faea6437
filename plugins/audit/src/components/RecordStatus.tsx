import { Chip, makeStyles } from '@material-ui/core';
import { StatusError, StatusOK } from '@backstage/core-components';
import { AuditOutcome, AuditSeverity } from '@controlplane/plugin-audit-common';

const useStyles = makeStyles(theme => ({
  low: {},
  medium: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  high: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  critical: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
}));

/** The severity as a chip, the warmer the more severe. */
export const SeverityChip = (props: { severity: AuditSeverity }) => {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.severity}
      className={classes[props.severity]}
      aria-label={`severity ${props.severity}`}
    />
  );
};

/** Success in green, failure in red. */
export const OutcomeStatus = (props: { outcome: AuditOutcome }) =>
  props.outcome === 'success' ? (
    <StatusOK>success</StatusOK>
  ) : (
    <StatusError>failure</StatusError>
  );

/** `2026-01-31 10:00:00 UTC`: audit times in one zone for everyone. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
