import { Chip } from '@material-ui/core';
import {
  Priority,
  Severity,
  Status,
} from '@controlplane/plugin-incidents-common';
import { priorityLabel, statusLabel } from './labels';

const STATUS_COLORS: Record<Status, 'default' | 'primary' | 'secondary'> = {
  open: 'secondary',
  in_progress: 'primary',
  resolved: 'default',
  closed: 'default',
};

/** The status of an incident: `open`, `in progress`, ... */
export const StatusChip = (props: { status: Status }) => (
  <Chip
    size="small"
    label={statusLabel(props.status)}
    color={STATUS_COLORS[props.status]}
    variant={props.status === 'closed' ? 'outlined' : 'default'}
  />
);

/** The severity (impact), SEV1 being the worst: filled for SEV1 and SEV2. */
export const SeverityChip = (props: { severity: Severity }) => {
  const major = props.severity === 'SEV1' || props.severity === 'SEV2';
  return (
    <Chip
      size="small"
      label={props.severity}
      color={major ? 'secondary' : 'default'}
      variant={major ? 'default' : 'outlined'}
    />
  );
};

/** The priority (urgency of the work), apart from the severity. */
export const PriorityChip = (props: { priority: Priority }) => (
  <Chip size="small" variant="outlined" label={priorityLabel(props.priority)} />
);
