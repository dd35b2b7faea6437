/**
 * The incidents page (queue, incident pages, maintenance calendar), the
 * Incidents card of agent and app pages, and the client of the incidents
 * REST API.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { incidentsApiRef, IncidentsClient } from './api';
export type {
  IncidentQuery,
  IncidentsApi,
  Timeline,
  TransitionInput,
} from './api';
