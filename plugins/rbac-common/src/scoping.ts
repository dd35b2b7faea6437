/**
 * The contract between the RBAC policy and the plugins that own resources.
 *
 * A role member can be scoped to one tenant. Such a member's grants apply only
 * to resource permissions, and only to resources of that tenant: the policy
 * answers CONDITIONAL with the {@link TENANT_RULE} rule, which the owning
 * plugin registers on its resource type and turns into a SQL filter for lists.
 *
 * Permissions that approve or reject somebody's request are decided with
 * separation of duties: the policy adds the {@link NOT_REQUESTER_RULE}, so
 * nobody approves their own request, not even a platform admin.
 */

/** Rule: the resource belongs to one of `params.tenants`. */
export const TENANT_RULE = 'IS_IN_TENANT';

/** Parameters of {@link TENANT_RULE}. */
export type TenantRuleParams = { tenants: string[] };

/** Rule: the resource was not requested by `params.userRef`. */
export const NOT_REQUESTER_RULE = 'IS_NOT_REQUESTER';

/** Parameters of {@link NOT_REQUESTER_RULE}. */
export type NotRequesterRuleParams = { userRef: string };

/**
 * Rule: the resource is owned by one of `params.ownerRefs` (the user's own
 * ref and the groups they belong to). The policy adds it for grants that
 * reach only the resources the caller owns (a developer manages the apps
 * of their own teams); the owning plugin registers it on its resource types
 * and filters lists with it in SQL, like the catalog's IS_ENTITY_OWNER.
 */
export const OWNER_RULE = 'IS_OWNER';

/** Parameters of {@link OWNER_RULE}. */
export type OwnerRuleParams = { ownerRefs: string[] };

/** Tenant names, as in the catalog's Tenant entities: `acme`, `globex-eu`. */
export const TENANT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Whether a permission decides on somebody else's request, so the requester
 * must never be the one allowed: `*.approve` and `*.reject` actions.
 */
export function requiresSeparationOfDuties(permissionName: string): boolean {
  return /\.(approve|reject)$/.test(permissionName);
}

/**
 * The plugin that owns a permission: the first segment of its name
 * (`<pluginId>.<resource>.<action>`), where conditional decisions are applied.
 */
export function pluginIdOfPermission(permissionName: string): string {
  return permissionName.split('.')[0];
}
