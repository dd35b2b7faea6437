import { createApiRef } from '@backstage/frontend-plugin-api';
import { Explanation, Role } from '@controlplane/plugin-rbac-common';

/** A permission registered by an installed plugin, as `GET /permissions` returns it. */
export interface PermissionInfo {
  name: string;
  pluginId: string;
  type: 'basic' | 'resource';
  resourceType?: string;
  action?: 'create' | 'read' | 'update' | 'delete';
  description: string;
}

/** The RBAC backend's REST API at `/api/rbac`. */
export interface RbacApi {
  listPermissions(): Promise<PermissionInfo[]>;
  listRoles(): Promise<Role[]>;
  getRole(name: string): Promise<Role>;
  createRole(role: { name: string; description: string }): Promise<Role>;
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
