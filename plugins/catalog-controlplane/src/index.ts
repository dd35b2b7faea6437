/**
 * Catalog frontend module for the control-plane kinds.
 *
 * @packageDocumentation
 */
export { catalogModuleControlPlane as default } from './module';
export { EnvironmentChip } from './components/EnvironmentChip';
