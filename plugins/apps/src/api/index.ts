export { appsApiRef } from './AppsApi';
export type { AppsApi } from './AppsApi';
export { AppsClient } from './AppsClient';
