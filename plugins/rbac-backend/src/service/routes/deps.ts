import {
  AuditedEvent,
  RouteHelpers,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  PLATFORM_ADMIN_ROLE,
  RbacApiPaths,
} from '@controlplane/plugin-rbac-common';
import { JsonObject } from '@backstage/types';
import { ExplainService } from '../ExplainService';
import { PageAccessService } from '../PageAccessService';
import { PermissionCatalog } from '../PermissionCatalog';
import { PolicyService } from '../PolicyService';
import { RoleService } from '../RoleService';
import { RoleSetService } from '../RoleSetService';

/** The plugin's router, typed from its OpenAPI contract. */
export type RbacRouter = TypedRouter<RbacApiPaths>;

/** What the route modules are built from. */
export interface RbacRouteDeps {
  helpers: RouteHelpers;
  roles: RoleService;
  roleSets: RoleSetService;
  policy: PolicyService;
  explainer: ExplainService;
  permissionCatalog: PermissionCatalog;
  pageAccess: PageAccessService;
}

/**
 * The audit event of a change to one role, named by `resourceType` and
 * `resourceId`: critical for the platform-admin role, high otherwise.
 */
export function roleEvent(
  eventId: string,
  role: string,
  meta: JsonObject = {},
): AuditedEvent {
  return {
    eventId,
    severityLevel: role === PLATFORM_ADMIN_ROLE ? 'critical' : 'high',
    meta: { resourceType: 'rbac-role', resourceId: role, role, ...meta },
  };
}
