import {
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';

/**
 * The resource type of the request permissions: the resource is one
 * promotion request, its resourceRef the request id. The backend registers
 * the shared `IS_IN_TENANT` rule (a member scoped to a tenant sees and
 * decides only that tenant's requests) and `IS_NOT_REQUESTER`, which the
 * RBAC policy adds to approve and reject: nobody decides their own request.
 */
export const promotionRequestResourceType = 'promotion-request';

const onRequest = (name: string, action: 'read' | 'create' | 'update') =>
  createPermission({
    name,
    attributes: { action },
    resourceType: promotionRequestResourceType,
  });

/** See requests and the deployment state (of the tenants in reach). */
export const promotionsRequestReadPermission = onRequest(
  'promotions.request.read',
  'read',
);
/**
 * Ask for a promotion or rollback, and add evidence to one's request;
 * checked on the request about to be made, so a tenant-scoped member asks
 * in their tenants only.
 */
export const promotionsRequestCreatePermission = onRequest(
  'promotions.request.create',
  'create',
);
/** Approve somebody else's request. */
export const promotionsRequestApprovePermission = onRequest(
  'promotions.request.approve',
  'update',
);
/** Reject somebody else's request. */
export const promotionsRequestRejectPermission = onRequest(
  'promotions.request.reject',
  'update',
);
/** Change the approval policy of an environment (basic). */
export const promotionsPolicyUpdatePermission = createPermission({
  name: 'promotions.policy.update',
  attributes: { action: 'update' },
});
/** Create and change promotion rules (basic). */
export const promotionsRuleManagePermission = createPermission({
  name: 'promotions.rule.manage',
  attributes: { action: 'update' },
});
/** Create and lift freezes (maintenance windows; basic). */
export const promotionsFreezeManagePermission = createPermission({
  name: 'promotions.freeze.manage',
  attributes: { action: 'update' },
});
/** Ask for, or approve, applying a request despite a freeze (basic). */
export const promotionsFreezeOverridePermission = createPermission({
  name: 'promotions.freeze.override',
  attributes: { action: 'update' },
});

/** Every permission of the plugin, as the backend registers them. */
export const promotionsPermissions: Permission[] = [
  promotionsRequestReadPermission,
  promotionsRequestCreatePermission,
  promotionsRequestApprovePermission,
  promotionsRequestRejectPermission,
  promotionsPolicyUpdatePermission,
  promotionsRuleManagePermission,
  promotionsFreezeManagePermission,
  promotionsFreezeOverridePermission,
];

/** One line per permission, for the RBAC plugin's permission list. */
export const promotionsPermissionDescriptions: Record<string, string> = {
  'promotions.request.read':
    'See promotion requests and what runs where, in the tenants in reach',
  'promotions.request.create':
    'Ask to promote or roll back an agent or app, and add evidence',
  'promotions.request.approve': "Approve somebody else's promotion request",
  'promotions.request.reject': "Reject somebody else's promotion request",
  'promotions.policy.update': "Change an environment's approval policy",
  'promotions.rule.manage': 'Create and change promotion rules',
  'promotions.freeze.manage': 'Create and lift maintenance freezes',
  'promotions.freeze.override':
    'Ask for or approve a promotion despite a freeze',
};
