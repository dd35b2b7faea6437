/**
 * Search backend module: the control plane's tenants, apps, flags, promotion
 * requests, incidents and roles in Backstage's search, each document
 * visible only to whoever may read it.
 *
 * @packageDocumentation
 */
export { searchModuleControlPlane as default } from './module';
export { DEFAULT_SCHEDULE, readCollatorSchedule } from './module';
export { PluginCollatorFactory } from './PluginCollatorFactory';
export type {
  PluginCollatorDeps,
  PluginCollatorSource,
} from './PluginCollatorFactory';
export * from './sources';
