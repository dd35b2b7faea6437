import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The audit trail page, `/audit` by default. */
export const rootRouteRef = createRouteRef();
