import {
  AUDIT_OUTCOMES,
  AUDIT_SEVERITIES,
  isOneOf,
} from '@controlplane/plugin-audit-common';
import { AuditFilters } from '../api';

/** The filters, in the order the form shows them; also their URL parameters. */
export const FILTER_KEYS = [
  'actor',
  'action',
  'resourceType',
  'resourceId',
  'tenant',
  'outcome',
  'severity',
  'from',
  'to',
] as const satisfies readonly (keyof AuditFilters)[];

const oneOf = <T extends string>(values: readonly T[], value: string | null) =>
  isOneOf(values, value) ? value : undefined;

/** The filters of a page URL; unknown values of the closed sets are ignored. */
export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const text = (key: string) => search.get(key)?.trim() || undefined;
  return {
    actor: text('actor'),
    action: text('action'),
    resourceType: text('resourceType'),
    resourceId: text('resourceId'),
    tenant: text('tenant'),
    outcome: oneOf(AUDIT_OUTCOMES, search.get('outcome')),
    severity: oneOf(AUDIT_SEVERITIES, search.get('severity')),
    from: text('from'),
    to: text('to'),
  };
}

/**
 * The URL parameters for these filters: the filter parameters of `search`
 * replaced, every other parameter (the open record, ...) kept.
 */
export function searchWithFilters(
  search: URLSearchParams,
  filters: AuditFilters,
): URLSearchParams {
  const next = new URLSearchParams(search);
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) {
      next.set(key, value);
    } else {
      next.delete(key);
    }
  }
  return next;
}

/** Only the filters that are set, e.g. to compare or to show them. */
export function activeFilters(filters: AuditFilters): AuditFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value),
  ) as AuditFilters;
}

/** `2026-01-31T10:00` (local time, as `<input type="datetime-local">` has it) of an ISO time. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO UTC time of a `datetime-local` input value. */
export function localInputToIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
