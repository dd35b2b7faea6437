import { useRouteRef } from '@backstage/frontend-plugin-api';
import { AuditFilters } from '../api';
import { rootRouteRef } from '../routes';
import { searchWithFilters } from './filters';
import { RECORD_PARAM } from './useSelectedRecord';

/** The timeline page of one resource, relative to the plugin root. */
export function useResourceLink() {
  const root = useRouteRef(rootRouteRef)?.() ?? '/audit';
  return (resourceType: string, resourceId: string) =>
    `${root}/resource?${new URLSearchParams({
      type: resourceType,
      id: resourceId,
    })}`;
}

/** The audit page root. */
export function useRootLink() {
  return useRouteRef(rootRouteRef)?.() ?? '/audit';
}

/**
 * The audit page with these filters applied and, when `record` is given,
 * that record open in its drawer: where a record on the home page leads.
 */
export function useAuditPageLink() {
  const root = useRootLink();
  return (filters: AuditFilters, record?: string) => {
    const search = searchWithFilters(
      new URLSearchParams(record ? { [RECORD_PARAM]: record } : {}),
      filters,
    );
    return `${root}?${search}`;
  };
}
