import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  APP_RESOURCE_TYPE,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { ColumnFilter } from '@controlplane/backend-common';

/** The app as a permission resource: resourceRef is the app id. */
export const appResourceRef = createPermissionResourceRef<
  ManagedApp,
  ColumnFilter
>().with({ pluginId: 'apps', resourceType: APP_RESOURCE_TYPE });
