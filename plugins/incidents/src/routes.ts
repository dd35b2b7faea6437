import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The plugin's page. */
export const rootRouteRef = createRouteRef();
