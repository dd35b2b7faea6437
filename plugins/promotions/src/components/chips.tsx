import { Chip } from '@material-ui/core';
import {
  Deployment,
  RequestStatus,
} from '@controlplane/plugin-promotions-common';

const STATUS_COLORS: Record<
  RequestStatus,
  'default' | 'primary' | 'secondary'
> = {
  requested: 'default',
  approved: 'primary',
  applied: 'primary',
  rejected: 'secondary',
  withdrawn: 'default',
  expired: 'default',
};

/** The status of a request as a chip: `requested`, `applied`, ... */
export const StatusChip = (props: { status: RequestStatus }) => (
  <Chip
    size="small"
    label={props.status}
    color={STATUS_COLORS[props.status]}
    variant={props.status === 'applied' ? 'default' : 'outlined'}
  />
);

const DRIFT_LABELS: Record<Deployment['drift'], string> = {
  in_sync: 'in sync',
  drifted: 'drifted',
  silent: 'silent',
  unknown: 'unknown',
};

/**
 * The drift of a deployment: in sync, drifted (with the version reported),
 * silent (stopped reporting) or unknown (never reported).
 */
export const DriftChip = (props: { deployment: Deployment }) => {
  const { drift, reportedVersion } = props.deployment;
  const label =
    drift === 'drifted' && reportedVersion
      ? `drifted: runs ${reportedVersion}`
      : DRIFT_LABELS[drift];
  return (
    <Chip
      size="small"
      label={label}
      color={
        drift === 'drifted' || drift === 'silent' ? 'secondary' : 'default'
      }
      variant={drift === 'in_sync' ? 'outlined' : 'default'}
    />
  );
};
