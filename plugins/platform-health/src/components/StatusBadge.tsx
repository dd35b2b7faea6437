import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { HealthStatus } from '@controlplane/plugin-platform-health-common';

const LABELS: Record<HealthStatus, string> = {
  ok: 'OK',
  warn: 'Warn',
  critical: 'Critical',
};

/** A tile's status, OK / Warn / Critical, with Backstage's status colours. */
export const StatusBadge = (props: { status: HealthStatus }) => {
  const label = LABELS[props.status];
  const Status = {
    ok: StatusOK,
    warn: StatusWarning,
    critical: StatusError,
  }[props.status];
  return (
    <span role="status" aria-label={`Status: ${label}`}>
      <Status>{label}</Status>
    </span>
  );
};
