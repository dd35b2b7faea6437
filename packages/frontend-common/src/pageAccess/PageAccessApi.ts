import { createApiRef } from '@backstage/frontend-plugin-api';

/**
 * Whether the signed-in user may open pages guarded by permissions: a page
 * opens for a user who holds its permission at all (for a resource
 * permission, for at least some resources, e.g. the tenants of their scope).
 * The portal shell provides it; without it every page counts as open and the
 * backend remains the guard.
 */
export interface PageAccessApi {
  /** For each permission name, whether the user holds it at all. */
  holds(permissionNames: string[]): Promise<Record<string, boolean>>;
}

/**
 * The ref the portal shell provides {@link PageAccessApi} under.
 * {@link usePageAccess} reads it; an app without it treats every page as open.
 */
export const pageAccessApiRef = createApiRef<PageAccessApi>({
  id: 'controlplane.page-access',
});
