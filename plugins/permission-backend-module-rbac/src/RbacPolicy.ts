import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { isAllowed } from '@controlplane/plugin-rbac-common';
import {
  PolicySnapshotUnavailableError,
  SnapshotSource,
} from './PolicySnapshotSource';

/**
 * Allows a permission when a role the user is a member of (directly or through
 * a group) grants it; denies everything else, anonymous requests, and every
 * request while the roles are unknown.
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
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { snapshots, userInfo, logger } = this.options;
    try {
      const [snapshot, subject] = await Promise.all([
        snapshots.getSnapshot(),
        userInfo.getUserInfo(user.credentials),
      ]);
      return {
        result: isAllowed(snapshot, subject, request.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    } catch (error) {
      // The snapshot source already warns once per failed refresh.
      if (!(error instanceof PolicySnapshotUnavailableError)) {
        logger.warn(`Denying ${request.permission.name}: ${error}`);
      }
      return { result: AuthorizeResult.DENY };
    }
  }
}
