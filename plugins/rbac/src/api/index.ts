export { rbacApiRef } from './RbacApi';
export type { PermissionInfo, RbacApi } from './RbacApi';
export { RbacClient } from './RbacClient';
