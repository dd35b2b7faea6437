import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  decide,
  pluginIdOfPermission,
  resourceConditions,
} from '@controlplane/plugin-rbac-common';
import {
  PolicySnapshotUnavailableError,
  SnapshotSource,
} from './PolicySnapshotSource';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Allows a permission when a role the user is a member of (directly or through
 * a group) grants it; denies everything else, anonymous requests, and every
 * request while the roles are unknown.
 *
 * Resource permissions can come back CONDITIONAL, to be applied by the plugin
 * that owns the resource (see `@controlplane/plugin-rbac-common` scoping):
 * - granted only through tenant-scoped memberships: the resource must be in
 *   one of those tenants;
 * - granted only through owned grants (`apps.credential.create@owned`): the
 *   resource must be owned by the user or one of their groups;
 * - granted in several such ways (say owned through one role, tenant-scoped
 *   through another): any one of them (`anyOf`); an unscoped grant through an
 *   unscoped membership allows outright;
 * - an approve/reject action: the resource must not be the user's own request.
 * Basic permissions are never granted through tenant-scoped memberships or
 * owned grants, since there is no resource to scope.
 *
 * A tenant's owner or administrator signed in through tenant login has no
 * catalog entity and no stored membership: their token's
 * `group:tenant-<tenant>/org-owner` (or `tenant-admin`) counts as a member of
 * that role scoped to that tenant (`tenantLoginMembership` of rbac-common).
 */
export class RbacPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      snapshots: SnapshotSource;
      userInfo: UserInfoService;
      logger: LoggerService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return DENY;
    const { snapshots, userInfo, logger } = this.options;
    const { permission } = request;
    try {
      const [snapshot, subject] = await Promise.all([
        snapshots.getSnapshot(),
        userInfo.getUserInfo(user.credentials),
      ]);
      const decision = decide(snapshot, subject, permission.name);
      if (decision.result === 'DENY') return DENY;
      if (!isResourcePermission(permission)) {
        return decision.result === 'ALLOW'
          ? { result: AuthorizeResult.ALLOW }
          : DENY;
      }
      const criteria = resourceConditions(decision, permission, subject);
      if (!criteria) return { result: AuthorizeResult.ALLOW };
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: pluginIdOfPermission(permission.name),
        resourceType: permission.resourceType,
        conditions: criteria,
      };
    } catch (error) {
      // The snapshot source already warns once per failed refresh.
      if (!(error instanceof PolicySnapshotUnavailableError)) {
        logger.warn(`Denying ${permission.name}: ${error}`);
      }
      return DENY;
    }
  }
}
