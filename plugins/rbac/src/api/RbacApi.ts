import { createApiRef } from '@backstage/frontend-plugin-api';
import { RequestBody } from '@controlplane/common';
import {
  Explanation,
  PermissionInfo,
  RbacApiOperations,
  Role,
} from '@controlplane/plugin-rbac-common';

/** What creating a role sends: its name and description. */
export type NewRole = RequestBody<RbacApiOperations['CreateRole']>;

/** The RBAC backend's REST API at `/api/rbac`. */
export interface RbacApi {
  listPermissions(): Promise<PermissionInfo[]>;
  listRoles(): Promise<Role[]>;
  getRole(name: string): Promise<Role>;
  createRole(role: NewRole): Promise<Role>;
  deleteRole(name: string): Promise<void>;
  grant(roleName: string, pattern: string): Promise<Role>;
  revoke(roleName: string, pattern: string): Promise<Role>;
  addMember(roleName: string, memberRef: string): Promise<Role>;
  removeMember(roleName: string, memberRef: string): Promise<Role>;
  /** With `resourceRef`, also the decision for that one resource. */
  explain(
    user: string,
    permission: string,
    resourceRef?: string,
  ): Promise<Explanation>;
}

export const rbacApiRef = createApiRef<RbacApi>({ id: 'plugin.rbac.api' });
