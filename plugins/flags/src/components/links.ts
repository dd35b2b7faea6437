import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the flags page, `/flags` unless mounted elsewhere. */
export function useFlagsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/flags';
}

/** The page of one flag. */
export const flagPath = (root: string, key: string) =>
  `${root}/${encodeURIComponent(key)}`;
