import { useApiHolder } from '@backstage/frontend-plugin-api';
import useSWR from 'swr';
import { pageAccessApiRef } from './PageAccessApi';

/** What {@link usePageAccess} knows so far. */
export type PageAccess =
  | { loading: true }
  | { loading: false; holds: (permissionName: string) => boolean };

/**
 * Whether the user holds each of the permissions (one request for all of
 * them, cached for the session's renders). Without a PageAccessApi in the
 * app, every permission counts as held.
 */
export function usePageAccess(permissionNames: string[]): PageAccess {
  const api = useApiHolder().get(pageAccessApiRef);
  const names = [...new Set(permissionNames)].sort();
  const { data, error } = useSWR(
    // Keyed by the API instance too: each app (and each test app) asks anew.
    api && names.length > 0
      ? [api, 'controlplane.page-access', ...names]
      : null,
    () => api!.holds(names),
  );
  if (!api || names.length === 0) return { loading: false, holds: () => true };
  // An answer that cannot be had hides nothing: the backend still refuses.
  if (error) return { loading: false, holds: () => true };
  if (!data) return { loading: true };
  return { loading: false, holds: name => data[name] ?? true };
}
