import type { Incident } from './generated';

/** The events service topic of incident signals. */
export const INCIDENTS_EVENT_TOPIC = 'controlplane.incidents';

/**
 * Payload of the events published on {@link INCIDENTS_EVENT_TOPIC}: an
 * incident opened, changed severity or status. The promotions plugin
 * freezes production for the entities of an open SEV1 or SEV2.
 */
export interface IncidentsEventPayload {
  type:
    | 'incident.opened'
    | 'incident.severity-changed'
    | 'incident.status-changed';
  incident: Pick<
    Incident,
    'id' | 'title' | 'severity' | 'status' | 'tenant' | 'entities'
  >;
}

/** The moves of the status workflow: from which statuses, to which. */
export const TRANSITIONS: Record<
  'start' | 'resolve' | 'close' | 'reopen',
  { from: Incident['status'][]; to: Incident['status'] }
> = {
  start: { from: ['open'], to: 'in_progress' },
  resolve: { from: ['open', 'in_progress'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'open' },
};

/** The moves allowed from a status. */
export function transitionsFrom(
  status: Incident['status'],
): Array<keyof typeof TRANSITIONS> {
  return (Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>).filter(
    action => TRANSITIONS[action].from.includes(status),
  );
}
