import {
  Category,
  Operation,
  Priority,
  Severity,
  Status,
} from '@controlplane/plugin-incidents-common';

/** The choices of the contract, in the order forms and filters show them. */
export const SEVERITIES: readonly Severity[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
export const PRIORITIES: readonly Priority[] = [
  'critical',
  'high',
  'medium',
  'low',
];
export const STATUSES: readonly Status[] = [
  'open',
  'in_progress',
  'resolved',
  'closed',
];
export const CATEGORIES: readonly Category[] = [
  'reliability',
  'performance',
  'security',
  'billing',
  'budget',
  'integrations',
  'governance',
];
export const OPERATIONS: readonly Operation[] = [
  'deploy',
  'migration',
  'scaling',
  'integration',
  'backup',
];

/** `in_progress` → `in progress`. */
export const statusLabel = (status: Status) => status.replace('_', ' ');

/** `critical` → `Critical`. */
export const priorityLabel = (priority: Priority) =>
  priority.charAt(0).toUpperCase() + priority.slice(1);

/** What each severity means, for the create dialog. */
export const SEVERITY_MEANINGS: Record<Severity, string> = {
  SEV1: 'SEV1: critical impact, many tenants down (freezes promotions)',
  SEV2: 'SEV2: major impact on some tenants (freezes promotions)',
  SEV3: 'SEV3: minor impact, a workaround exists',
  SEV4: 'SEV4: no impact yet, a question or a request',
};

/** The buttons of the status workflow's moves. */
export const TRANSITION_LABELS: Record<string, string> = {
  start: 'Start work',
  resolve: 'Resolve',
  close: 'Close',
  reopen: 'Reopen',
};
