import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * How far a user holds a permission: for every resource (a platform-wide
 * grant; a basic permission that is allowed), only for some (the tenants of
 * a tenant-scoped role, or the resources they own), or not at all.
 */
export type PermissionReach = 'everywhere' | 'some' | 'none';

/**
 * Whether the signed-in user may open pages guarded by permissions: a page
 * opens for a user who holds its permission at all (for a resource
 * permission, for at least some resources, e.g. the tenants of their scope).
 * The portal shell provides it; without it every page counts as open and the
 * backend remains the guard.
 */
export interface PageAccessApi {
  /** For each permission name, how far the user holds it. */
  reach(permissionNames: string[]): Promise<Record<string, PermissionReach>>;
}

/**
 * The ref the portal shell provides {@link PageAccessApi} under.
 * {@link usePageAccess} reads it; an app without it treats every page as open.
 */
export const pageAccessApiRef = createApiRef<PageAccessApi>({
  id: 'controlplane.page-access',
});
