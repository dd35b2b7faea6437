/**
 * Catalog backend module for the control-plane kinds.
 *
 * @packageDocumentation
 */
export { catalogModuleControlPlane as default } from './module';
export { ControlPlaneEntitiesProcessor } from './ControlPlaneEntitiesProcessor';
