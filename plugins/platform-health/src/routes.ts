import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The platform dashboard, `/platform` by default. */
export const rootRouteRef = createRouteRef();
