import { formatAge, formatDuration } from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';

/** A time to acknowledge or resolve, in seconds: `12 min`; `—` when not yet. */
export const formatSeconds = (seconds?: number | null) =>
  seconds === null || seconds === undefined
    ? '—'
    : formatDuration(seconds * 1000);

/** Who an incident belongs to: its tenant, or the platform's own. */
export const formatTenant = (incident: Pick<Incident, 'tenant'>) =>
  incident.tenant ?? 'platform';

/** When it opened, in words: `opened just now`, `opened 3 h ago`. */
export function formatOpened(iso: string): string {
  const age = formatAge(iso);
  return age === 'just now' ? 'opened just now' : `opened ${age} ago`;
}
