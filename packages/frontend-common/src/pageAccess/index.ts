export { pageAccessApiRef } from './PageAccessApi';
export type { PageAccessApi, PermissionReach } from './PageAccessApi';
export { usePageAccess } from './usePageAccess';
export type { PageAccess } from './usePageAccess';
export { RequirePageAccess } from './RequirePageAccess';
export {
  createDomainPage,
  pagePermissionDataRef,
  pagePermissionsDataRef,
} from './createDomainPage';
