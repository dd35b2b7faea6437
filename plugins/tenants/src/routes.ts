import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The tenants page, `/tenants` by default. */
export const rootRouteRef = createRouteRef();
