import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';

/** The path of the incidents page, `/incidents` unless mounted elsewhere. */
export function useIncidentsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/incidents';
}

/** The page of one incident (the backend's notifications link here too). */
export const incidentPath = (root: string, id: string) =>
  `${root}/${encodeURIComponent(id)}`;

/** The queue showing the incidents that affect one catalog entity. */
export const entityQueuePath = (root: string, entity: string) =>
  `${root}/queue?entity=${encodeURIComponent(entity)}`;
