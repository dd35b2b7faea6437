import { useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { rootRouteRef } from '../routes';

/** The path of the apps page, `/apps` unless mounted elsewhere. */
export function useAppsRoot(): string {
  return useRouteRef(rootRouteRef)?.() ?? '/apps';
}

export const appPath = (root: string, appId: string) =>
  `${root}/${encodeURIComponent(appId)}`;

export const apiKeysPath = (root: string) => `${root}/api-keys`;

/** The kind of the catalog entity of a managed app. */
const APP_KIND = 'app';

/**
 * The catalog page of an entity: through the catalog's entity route when
 * the catalog is installed, else its default path.
 */
export function useCatalogEntityPath(): (ref: {
  kind: string;
  namespace?: string;
  name: string;
}) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return ref => {
    const params = {
      kind: ref.kind.toLocaleLowerCase('en-US'),
      namespace: (ref.namespace ?? 'default').toLocaleLowerCase('en-US'),
      name: ref.name,
    };
    return (
      entityRoute?.(params) ??
      `/catalog/${params.namespace}/${params.kind}/${encodeURIComponent(
        params.name,
      )}`
    );
  };
}

/** The catalog page of the `App` entity of the app named `name`. */
export function useAppEntityPath(name: string): string {
  return useCatalogEntityPath()({ kind: APP_KIND, name });
}
