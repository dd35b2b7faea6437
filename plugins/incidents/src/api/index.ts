export { incidentsApiRef } from './IncidentsApi';
export type {
  IncidentQuery,
  IncidentsApi,
  Timeline,
  TransitionInput,
} from './IncidentsApi';
export { IncidentsClient } from './IncidentsClient';
