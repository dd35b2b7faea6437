/**
 * The RBAC backend plugin: roles, grants and members, the policy snapshot and
 * decision explanations.
 *
 * @packageDocumentation
 */
export { rbacPlugin as default } from './plugin';
