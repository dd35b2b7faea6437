import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The apps page, `/apps` by default. */
export const rootRouteRef = createRouteRef();
