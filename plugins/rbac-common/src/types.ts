import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/** A role as the RBAC API returns it. */
export interface Role {
  name: string;
  description: string;
  /** Grant patterns, see {@link GrantPattern}. */
  grants: string[];
  /**
   * Catalog entity refs of users and groups, e.g. `group:default/operators`,
   * optionally scoped to a tenant: `group:default/acme-owners@acme`
   * (see {@link RoleMember}).
   */
  members: string[];
  createdAt: string;
  updatedAt: string;
}

/** Role names: lower-case words joined by dashes, like `platform-admin`. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The role that may do everything; the last member can never be removed. */
export const PLATFORM_ADMIN_ROLE = 'platform-admin';

/** Why the policy decided as it did, for `GET /explain`. */
export interface Explanation {
  user: string;
  permission: string;
  /** CONDITIONAL: allowed only for the resources of `tenants`. */
  result: 'ALLOW' | 'DENY' | 'CONDITIONAL';
  /** The roles and grants that allowed it; empty when denied. */
  matches: { role: string; grant: string; via: string; tenant?: string }[];
  /** For CONDITIONAL: the tenants whose resources are allowed. */
  tenants?: string[];
  /**
   * Set when the permission approves or rejects a request: the requester
   * is never allowed, whatever their roles.
   */
  separationOfDuties?: boolean;
  /** When asked about one resource: the decision for it, conditions applied. */
  resource?: {
    ref: string;
    result: 'ALLOW' | 'DENY';
    /** The conditions the owning plugin checked, if any. */
    conditions?: PermissionCriteria<PermissionCondition>;
  };
  reason: string;
}
