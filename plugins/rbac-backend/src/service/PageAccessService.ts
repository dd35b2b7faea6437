import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { PageAccess, PermissionInfo } from '@controlplane/plugin-rbac-common';
import { PermissionCatalog } from './PermissionCatalog';

/**
 * Whether a user holds permissions at all, for the pages that declare them:
 * a basic permission when the policy allows it, a resource permission when
 * the policy allows it for some resources (its conditional answer, e.g. a
 * tenant-scoped role, counts). Asks the permission framework, so the answer
 * is the policy's own.
 */
export class PageAccessService {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      permissionCatalog: PermissionCatalog;
    },
  ) {}

  async holds(
    credentials: BackstageCredentials,
    names: string[],
  ): Promise<PageAccess> {
    const known = new Map(
      (await this.deps.permissionCatalog.list()).map(info => [info.name, info]),
    );
    const asked = [...new Set(names)];
    const basic = asked
      .map(name => known.get(name))
      .filter((info): info is PermissionInfo => info?.type === 'basic')
      .map(toBasicPermission);
    const resource = asked
      .map(name => known.get(name))
      .filter((info): info is PermissionInfo => info?.type === 'resource')
      .map(toResourcePermission);

    // One question for each kind, whatever the number of pages.
    const [basicDecisions, resourceDecisions] = await Promise.all([
      basic.length > 0
        ? this.deps.permissions.authorize(
            basic.map(permission => ({ permission })),
            { credentials },
          )
        : [],
      resource.length > 0
        ? this.deps.permissions.authorizeConditional(
            resource.map(permission => ({ permission })),
            { credentials },
          )
        : [],
    ]);
    const holds: Record<string, boolean> = Object.fromEntries(
      asked.map(name => [name, false]),
    );
    const everywhere = { ...holds };
    basic.forEach((permission, index) => {
      const allowed = basicDecisions[index].result === AuthorizeResult.ALLOW;
      holds[permission.name] = allowed;
      everywhere[permission.name] = allowed;
    });
    resource.forEach((permission, index) => {
      const { result } = resourceDecisions[index];
      holds[permission.name] = result !== AuthorizeResult.DENY;
      everywhere[permission.name] = result === AuthorizeResult.ALLOW;
    });
    return { holds, everywhere };
  }
}

const attributesOf = (info: PermissionInfo) =>
  info.action ? { action: info.action } : {};

function toBasicPermission(info: PermissionInfo): BasicPermission {
  return { type: 'basic', name: info.name, attributes: attributesOf(info) };
}

function toResourcePermission(info: PermissionInfo): ResourcePermission {
  return {
    type: 'resource',
    name: info.name,
    attributes: attributesOf(info),
    resourceType: info.resourceType ?? '',
  };
}
