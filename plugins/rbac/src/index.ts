/**
 * The access control page: roles, their grants and members, the permission
 * matrix and explanations of decisions.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { rbacApiRef, RbacClient } from './api';
export type { NewRole, RbacApi } from './api';
