import {
  coreExtensionData,
  createExtensionDataRef,
  IconElement,
  PageBlueprint,
  RouteRef,
} from '@backstage/frontend-plugin-api';
import { Permission } from '@backstage/plugin-permission-common';
import { RequirePageAccess } from './RequirePageAccess';

/**
 * The permission a page needs, as its page extension declares it; the
 * sidebar hides the page's entry from users who do not hold it.
 */
export const pagePermissionDataRef = createExtensionDataRef<string>().with({
  id: 'controlplane.page.permission',
});

/**
 * Every permission that opens a page, any one of them sufficing: what the
 * sidebar and {@link RequirePageAccess} check. A page declared with one
 * permission has that one only (the same as {@link pagePermissionDataRef}).
 */
export const pagePermissionsDataRef = createExtensionDataRef<string[]>().with({
  id: 'controlplane.page.permissions',
});

/**
 * The page of a domain plugin: Backstage's PageBlueprint (the sidebar entry
 * with title and icon, the plugin's page layout) that also declares the
 * permission the page needs. Users who lack it see no sidebar entry, and
 * opening the URL anyway shows which permission they need.
 */
export function createDomainPage(params: {
  path: string;
  title: string;
  icon: IconElement;
  routeRef: RouteRef;
  /**
   * Held at all (for some resource) by everyone who may open the page; with
   * several, holding any one of them opens it.
   */
  permission: Permission | Permission[];
  /**
   * Views below the page that every signed-in user may open without the
   * permission, e.g. `invitations/accept` (the backend still guards them).
   */
  openPaths?: string[];
  loader: () => Promise<JSX.Element>;
}) {
  const { permission, openPaths, loader, ...pageParams } = params;
  const names = [permission].flat().map(p => p.name);
  if (names.length === 0) {
    throw new TypeError(`The page ${params.path} needs a permission`);
  }
  return PageBlueprint.makeWithOverrides({
    output: [
      coreExtensionData.routePath,
      coreExtensionData.reactElement,
      coreExtensionData.routeRef.optional(),
      coreExtensionData.title.optional(),
      coreExtensionData.icon.optional(),
      pagePermissionDataRef,
      pagePermissionsDataRef,
    ],
    *factory(originalFactory) {
      yield* originalFactory({
        ...pageParams,
        loader: async () => (
          <RequirePageAccess permission={names} openPaths={openPaths}>
            {await loader()}
          </RequirePageAccess>
        ),
      });
      yield pagePermissionDataRef(names[0]);
      yield pagePermissionsDataRef(names);
    },
  });
}
