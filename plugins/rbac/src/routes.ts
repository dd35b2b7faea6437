import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The access control page, `/rbac` by default. */
export const rootRouteRef = createRouteRef();
