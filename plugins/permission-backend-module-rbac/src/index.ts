/**
 * Permission policy module deciding from the RBAC plugin's roles.
 *
 * @packageDocumentation
 */
export { permissionModuleRbacPolicy as default } from './module';
export { RbacPolicy } from './RbacPolicy';
export {
  PolicySnapshotSource,
  PolicySnapshotUnavailableError,
  type PolicySnapshotSourceOptions,
  type SnapshotSource,
} from './PolicySnapshotSource';
