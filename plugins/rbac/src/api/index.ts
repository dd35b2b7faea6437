export { rbacApiRef } from './RbacApi';
export type { NewRole, RbacApi } from './RbacApi';
export { RbacClient } from './RbacClient';
