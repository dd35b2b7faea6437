import { createPermission } from '@backstage/plugin-permission-common';

/** See roles, their grants and members. */
export const rbacRoleReadPermission = createPermission({
  name: 'rbac.role.read',
  attributes: { action: 'read' },
});

/** Create a role. */
export const rbacRoleCreatePermission = createPermission({
  name: 'rbac.role.create',
  attributes: { action: 'create' },
});

/** Grant or revoke permissions on a role, add or remove its members. */
export const rbacRoleUpdatePermission = createPermission({
  name: 'rbac.role.update',
  attributes: { action: 'update' },
});

/** Delete a role. */
export const rbacRoleDeletePermission = createPermission({
  name: 'rbac.role.delete',
  attributes: { action: 'delete' },
});

/** Ask why a user is or is not allowed something. */
export const rbacDecisionExplainPermission = createPermission({
  name: 'rbac.decision.explain',
  attributes: { action: 'read' },
});

export const rbacPermissions = [
  rbacRoleReadPermission,
  rbacRoleCreatePermission,
  rbacRoleUpdatePermission,
  rbacRoleDeletePermission,
  rbacDecisionExplainPermission,
];

/** Descriptions shown next to the permissions in the API and the UI. */
export const rbacPermissionDescriptions: Record<string, string> = {
  [rbacRoleReadPermission.name]: 'See roles, their grants and their members',
  [rbacRoleCreatePermission.name]: 'Create roles',
  [rbacRoleUpdatePermission.name]:
    'Grant and revoke permissions on roles, add and remove role members',
  [rbacRoleDeletePermission.name]: 'Delete roles',
  [rbacDecisionExplainPermission.name]:
    'See why a user is allowed or denied a permission',
};
