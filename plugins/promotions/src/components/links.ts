import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the promotions page, `/promotions` unless mounted elsewhere. */
export function usePromotionsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/promotions';
}

/** The page of one request. */
export const requestPath = (root: string, id: string) =>
  `${root}/requests/${encodeURIComponent(id)}`;

/** The pipeline of one agent or app (`agent:default/support-triage`). */
export const pipelinePath = (root: string, target: string) =>
  `${root}/pipeline?target=${encodeURIComponent(target)}`;
