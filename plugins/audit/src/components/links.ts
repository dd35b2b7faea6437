import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

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
