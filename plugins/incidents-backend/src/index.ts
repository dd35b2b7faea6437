/**
 * The incidents backend plugin: incidents and tickets, automatic tickets
 * from other plugins' signals, and maintenance windows, under
 * `/api/incidents` (contract in src/schema/openapi.yaml).
 *
 * @packageDocumentation
 */
export { incidentsPlugin as default, incidentResourceRef } from './plugin';
export {
  bindIncidentsStores,
  migrateIncidentsDatabase,
} from './database/stores';
