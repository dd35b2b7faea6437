import { InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { QueryParams } from '@controlplane/common';
import {
  ColumnFilter,
  decodeCursor,
  encodeCursor,
  limitOf,
} from '@controlplane/backend-common';
import {
  AuditApiOperations,
  AuditFilterQuery,
} from '@controlplane/plugin-audit-common';
import { RecordFilter } from '../../database/AuditStore';
import { DATE_ONLY, ISO_DATE_TIME } from '../isoTime';
import { RecordPaging } from '../QueryService';

/*
 * The query strings of the audit API as the services take them: filters,
 * times, page sizes and cursors. The contract has already checked types,
 * enums and lengths; what it cannot express is checked here (400).
 */

type ListQuery = QueryParams<AuditApiOperations['ListLogs']>;

/** The filter parameters of the lists and the export. */
export type FilterQuery = AuditFilterQuery;

/** The paging parameters of the lists. */
export type PagingQuery = Pick<
  ListQuery,
  'sort' | 'limit' | 'cursor' | 'includeTotal'
>;

/** The filter parameters named in an export's header, in this order. */
const NAMED_FILTERS = [
  'actor',
  'action',
  'resourceType',
  'resourceId',
  'tenant',
  'outcome',
  'severity',
] as const satisfies readonly (keyof FilterQuery)[];

function parseTime(value: string, name: string): Date {
  if (!DATE_ONLY.test(value) && !ISO_DATE_TIME.test(value)) {
    throw new InputError(
      `${name} must be an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z), got "${value}"`,
    );
  }
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(`${name} is not a valid date: "${value}"`);
  }
  return date;
}

/** The records the query's filters select, within the permission's reach. */
export function recordFilterOf(
  query: FilterQuery,
  permissionFilter?: PermissionCriteria<ColumnFilter>,
): RecordFilter {
  const filter: RecordFilter = { permissionFilter };
  if (query.actor) filter.actor = query.actor;
  if (query.action) {
    if (query.action.endsWith('.*')) {
      filter.action = query.action.slice(0, -1);
      filter.actionPrefix = true;
    } else if (query.action.includes('*')) {
      throw new InputError(
        'action is an exact action or a prefix ending in .* (rbac.*)',
      );
    } else {
      filter.action = query.action;
    }
  }
  if (query.resourceType) filter.resourceType = query.resourceType;
  if (query.resourceId) filter.resourceId = query.resourceId;
  if (query.tenant) filter.tenant = query.tenant;
  if (query.outcome) filter.outcome = query.outcome;
  if (query.severity) filter.severity = query.severity;
  if (query.from) filter.from = parseTime(query.from, 'from').toISOString();
  if (query.to) {
    const to = parseTime(query.to, 'to');
    // A date means the whole day; a date-time is inclusive to the ms.
    const end = DATE_ONLY.test(query.to)
      ? new Date(to.getTime() + 24 * 3600 * 1000)
      : new Date(to.getTime() + 1);
    filter.toExclusive = end.toISOString();
  }
  if (filter.from && filter.toExclusive && filter.from >= filter.toExclusive) {
    throw new InputError('from must be before to');
  }
  return filter;
}

/** The filters of the query as given, for an export's header. */
export function namedFiltersOf(query: FilterQuery): Record<string, string> {
  const named: Record<string, string> = {};
  for (const key of NAMED_FILTERS) {
    const value = query[key];
    if (value) named[key] = value;
  }
  return named;
}

/** A cursor: the seq the next page starts after, in this order. */
export function cursorOf(seq: number, order: 'asc' | 'desc'): string {
  return encodeCursor({ s: String(seq), o: order });
}

/** The seq a cursor starts after; a cursor of the other order is a 400. */
export function seqOfCursor(
  cursor: string | undefined,
  order: 'asc' | 'desc',
): number | undefined {
  const key = decodeCursor(cursor, ['s', 'o']);
  if (!key) return undefined;
  const seq = Number(key.s);
  if (!/^\d+$/.test(key.s) || !Number.isSafeInteger(seq)) {
    throw new InputError('cursor is not a cursor returned by this API');
  }
  if (key.o !== order) {
    throw new InputError(
      `cursor was made for sort=${key.o}, not sort=${order}`,
    );
  }
  return seq;
}

/** The page of a list the query asks for (newest first by default). */
export function pagingOf(query: PagingQuery): RecordPaging {
  const order = query.sort ?? 'desc';
  return {
    order,
    afterSeq: seqOfCursor(query.cursor, order),
    limit: limitOf(query.limit),
    includeTotal: query.includeTotal === 'true',
  };
}
