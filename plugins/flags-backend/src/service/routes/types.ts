import { RouteHelpers, TypedRouter } from '@controlplane/backend-common';
import { FlagsApiPaths } from '@controlplane/plugin-flags-common';

/** The flags API's router: routes and handlers typed from the contract. */
export type FlagsRouter = TypedRouter<FlagsApiPaths>;

export type { RouteHelpers };

/** The resource type of audit records of flag changes. */
export const FLAG_AUDIT_RESOURCE_TYPE = 'flags-flag';
